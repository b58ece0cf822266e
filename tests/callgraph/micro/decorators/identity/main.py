# A decorator returning its argument: the call reaches the function.
def dec(f):
    return f

@dec
def func():
    pass

func()
