# Two decorators: both are applied by the module.
def first(f):
    return f

def second(f):
    return f

@first
@second
def func():
    pass

func()
