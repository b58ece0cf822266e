# A decorator returning a wrapper: the call reaches the wrapper, which calls the function.
def dec(f):
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper

@dec
def func():
    pass

func()
