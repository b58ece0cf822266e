# Calls as arguments of calls.
def inner():
    return 1

def outer(x):
    return x

outer(inner())
