# The same attribute on two instances holds different functions.
def first():
    pass

def second():
    pass

class Box:
    pass

a = Box()
b = Box()
a.fn = first
b.fn = second
a.fn()
