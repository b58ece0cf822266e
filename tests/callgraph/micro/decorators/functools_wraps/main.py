# A wrapper made with functools.wraps.
import functools

def logged(f):
    @functools.wraps(f)
    def wrapper(*args):
        return f(*args)
    return wrapper

@logged
def func(x):
    return x

func(1)
