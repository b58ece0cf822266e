# The nested function calls a local function of the enclosing scope assigned to a variable.
def func():
    pass

def outer():
    action = func

    def inner():
        action()

    inner()

outer()
