# An element of *args by index.
def func():
    pass

def run(*fns):
    fns[0]()

run(func)
