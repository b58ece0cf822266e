# The nested function calls a function captured from the enclosing parameter.
def func():
    pass

def outer(cb):
    def inner():
        cb()
    return inner

f = outer(func)
f()
