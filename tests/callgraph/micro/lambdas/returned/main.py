# A lambda returned by a function.
def helper():
    pass

def make():
    return lambda: helper()

make()()
