# An assignment expression.
def func():
    pass

if (g := func) is not None:
    g()
