# yield from delegates to another generator.
def func():
    pass

def inner():
    yield func

def outer():
    yield from inner()

for f in outer():
    f()
