# Iterating over items() with tuple targets.
def first():
    pass

def second():
    pass

d = {"a": first, "b": second}
for name, h in d.items():
    h()
