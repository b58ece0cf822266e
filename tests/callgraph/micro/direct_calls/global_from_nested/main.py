# A nested function calls a module-level function.
def helper():
    pass

def outer():
    def inner():
        helper()
    inner()

outer()
