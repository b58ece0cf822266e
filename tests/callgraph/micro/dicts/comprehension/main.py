# A dict comprehension of functions.
def first():
    pass

def second():
    pass

d = {f.__name__: f for f in [first, second]}
for h in d.values():
    h()
