# A nested function returned.
def outer():
    def inner():
        pass
    return inner

outer()()
