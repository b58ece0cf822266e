# One value, several targets.
def func():
    pass

a = b = func
b()
