# A lambda as the decorator.
@lambda f: f
def func():
    pass

func()
