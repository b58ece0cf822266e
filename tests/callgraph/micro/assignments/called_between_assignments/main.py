# Each call sees the value assigned just before it.
def first():
    pass

def second():
    pass

a = first
a()
a = second
a()
