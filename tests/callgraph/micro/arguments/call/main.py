# A function passed as an argument is called by the callee.
def func():
    pass

def caller(f):
    f()

caller(func)
