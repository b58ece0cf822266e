# A function as the default value of a parameter.
def func():
    pass

def caller(f=func):
    f()

caller()
