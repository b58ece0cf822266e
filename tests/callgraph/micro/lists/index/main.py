# An element read by constant index from a list display.
def first():
    pass

def second():
    pass

fs = [first, second]
fs[0]()
