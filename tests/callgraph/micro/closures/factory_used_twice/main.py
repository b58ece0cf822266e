# One factory, two captured functions: the inner function calls both.
def first():
    pass

def second():
    pass

def make(cb):
    def run():
        cb()
    return run

make(first)()
make(second)()
