# Nested destructuring.
def first():
    pass

def second():
    pass

def third():
    pass

a, (b, c) = first, (second, third)
c()
