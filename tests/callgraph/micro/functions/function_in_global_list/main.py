# A module-level list of functions used by a function.
def first():
    pass

def second():
    pass

PIPELINE = [first, second]

def run():
    for step in PIPELINE:
        step()

run()
