# A value stored by subscript assignment.
def func():
    pass

d = {}
d["k"] = func
d["k"]()
