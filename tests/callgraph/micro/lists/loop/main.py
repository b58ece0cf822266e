# Every element called in a loop.
def first():
    pass

def second():
    pass

for h in [first, second]:
    h()
