# With constant keys only the value of the key used is called.
def first():
    pass

def second():
    pass

d = {"a": first, "b": second}
d["b"]()
