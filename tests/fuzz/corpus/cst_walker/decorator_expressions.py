@(lambda f: f)
def g(): pass
@a.b[1](c)
def h(): pass
