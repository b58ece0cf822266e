# A lambda passed as an argument.
def apply(f, x):
    return f(x)

apply(lambda v: v + 1, 2)
