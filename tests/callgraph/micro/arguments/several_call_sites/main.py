# One parameter receives different functions at different call sites.
def first():
    pass

def second():
    pass

def run(f):
    f()

run(first)
run(second)
