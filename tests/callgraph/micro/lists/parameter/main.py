# A list passed to a function that calls its elements.
def first():
    pass

def second():
    pass

def run_all(hs):
    for h in hs:
        h()

run_all([first, second])
