# A returned tuple unpacked.
def first():
    pass

def second():
    pass

def pair():
    return first, second

a, b = pair()
b()
