# Both *args and **kwargs forwarded by a wrapper.
def func():
    pass

def target(x, cb):
    cb()

def wrapper(*args, **kwargs):
    return target(*args, **kwargs)

wrapper(1, cb=func)
