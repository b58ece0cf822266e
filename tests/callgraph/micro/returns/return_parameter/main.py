# A function returns its parameter.
def func():
    pass

def ident(x):
    return x

f = ident(func)
f()
