# The function travels through two parameters before it is called.
def func():
    pass

def inner(g):
    g()

def outer(f):
    inner(f)

outer(func)
