# next() on a generator returns the yielded value.
def func():
    pass

def gen():
    yield func

g = gen()
next(g)()
