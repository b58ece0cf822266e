# A lambda calls a function captured from the enclosing parameter.
def func():
    pass

def outer(cb):
    return lambda: cb()

outer(func)()
