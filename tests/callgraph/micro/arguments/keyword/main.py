# A function passed by keyword.
def func():
    pass

def caller(a, f=None):
    f()

caller(1, f=func)
