# A nested function calls a sibling nested function through the enclosing scope.
def outer():
    def first():
        second()

    def second():
        pass

    first()

outer()
