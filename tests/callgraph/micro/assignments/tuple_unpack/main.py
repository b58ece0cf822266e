# Tuple unpacking binds each target to its own element.
def first():
    pass

def second():
    pass

a, b = first, second
b()
