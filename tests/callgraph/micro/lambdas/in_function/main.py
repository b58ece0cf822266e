# A lambda inside a function is numbered within that function.
def outer():
    g = lambda x: x
    return g(1)

outer()
