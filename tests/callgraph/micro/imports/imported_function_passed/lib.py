def apply(f):
    f()
