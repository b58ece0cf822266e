# Functions yielded by a generator, called in a for loop.
def first():
    pass

def second():
    pass

def gen():
    yield first
    yield second

for f in gen():
    f()
