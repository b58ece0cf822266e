# A lambda returning a lambda: the inner one is numbered within the outer one.
def helper():
    pass

f = lambda: (lambda: helper())
f()()
