# Only the argument bound to the called parameter is called.
def first():
    pass

def second():
    pass

def caller(a, b):
    b()

caller(first, second)
