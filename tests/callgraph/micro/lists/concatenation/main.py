# Two lists concatenated.
def first():
    pass

def second():
    pass

for h in [first] + [second]:
    h()
