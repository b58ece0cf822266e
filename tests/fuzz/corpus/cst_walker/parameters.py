f = lambda *, x: x
def g(a, /, b, *, c): pass
def h(*a, **k): pass
