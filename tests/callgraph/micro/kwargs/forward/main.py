# **kwargs forwarded to another function.
def func():
    pass

def inner(cb=None):
    cb()

def outer(**kwargs):
    inner(**kwargs)

outer(cb=func)
