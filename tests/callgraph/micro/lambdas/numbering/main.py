# Lambdas are numbered in source order; only the second is called.
def first():
    pass

def second():
    pass

a = lambda: first()
b = lambda: second()
b()
