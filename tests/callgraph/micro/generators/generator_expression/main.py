# A generator expression belongs to the enclosing scope.
def first():
    return 1

def second():
    return 2

results = list(f() for f in [first, second])
