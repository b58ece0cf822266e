# A set of functions.
def first():
    pass

def second():
    pass

for h in {first, second}:
    h()
