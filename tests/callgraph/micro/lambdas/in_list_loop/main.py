# Lambdas in a list, all called.
def first():
    pass

def second():
    pass

for f in [lambda: first(), lambda: second()]:
    f()
