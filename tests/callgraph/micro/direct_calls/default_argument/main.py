# A call in a default argument runs in the enclosing scope when the def is executed.
def compute():
    return 1

def func(x=compute()):
    return x

func()
