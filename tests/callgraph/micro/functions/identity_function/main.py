# A function passed through an identity function.
def func():
    pass

def ident(x):
    return x

ident(func)()
