# A factory returns a nested function, called by the caller.
def helper():
    pass

def make():
    def inner():
        helper()
    return inner

make()()
