# dict(key=value) builds a dict of functions.
def func():
    pass

d = dict(go=func)
d["go"]()
