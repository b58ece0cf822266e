# Iterating over values().
def first():
    pass

def second():
    pass

d = {"a": first, "b": second}
for h in d.values():
    h()
