# dict.get returns the stored value (no edge for the method of the builtin dict).
def func():
    pass

d = {"a": func}
d.get("a")()
