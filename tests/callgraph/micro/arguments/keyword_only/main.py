# Positional-only and keyword-only parameters.
def func():
    pass

def other():
    pass

def caller(a, /, *, cb):
    cb()

caller(other, cb=func)
