# Functions packed into *args and called in a loop.
def first():
    pass

def second():
    pass

def run_all(*fns):
    for f in fns:
        f()

run_all(first, second)
