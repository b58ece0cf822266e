# A function assigned to a variable and called through it.
def func():
    pass

a = func
a()
