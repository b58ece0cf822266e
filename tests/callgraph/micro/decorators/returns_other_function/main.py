# The decorator returns another function: the decorated one is never called.
def replacement():
    pass

def swap(f):
    return replacement

@swap
def func():
    pass

func()
