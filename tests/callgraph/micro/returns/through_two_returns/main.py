# A function returns what another returns.
def func():
    pass

def inner():
    return func

def outer():
    return inner()

outer()()
