# An element read by constant index from a tuple.
def first():
    pass

def second():
    pass

t = (first, second)
t[1]()
