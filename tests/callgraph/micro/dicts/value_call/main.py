# A function stored in a dict display, called by its constant key.
def func():
    pass

d = {"a": func}
d["a"]()
