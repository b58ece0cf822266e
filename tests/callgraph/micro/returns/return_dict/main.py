# A returned dict of functions, indexed by the caller.
def func():
    pass

def table():
    return {"go": func}

table()["go"]()
