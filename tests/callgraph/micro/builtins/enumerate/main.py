# enumerate yields (index, element) pairs.
def first():
    pass

def second():
    pass

for i, h in enumerate([first, second]):
    h()
