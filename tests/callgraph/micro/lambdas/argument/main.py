# A lambda passed to a function that calls it.
def helper():
    pass

def apply(f):
    return f()

apply(lambda: helper())
