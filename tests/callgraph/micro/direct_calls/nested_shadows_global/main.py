# A nested function shadows the module-level function of the same name.
def helper():
    pass

def outer():
    def helper():
        pass
    helper()

outer()
helper()
