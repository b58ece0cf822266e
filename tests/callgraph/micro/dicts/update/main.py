# dict.update adds values.
def first():
    pass

def second():
    pass

d = {"a": first}
d.update({"b": second})
d["b"]()
