# A generator object passed to a function that consumes it.
def func():
    pass

def produce():
    yield func

def consume(it):
    for f in it:
        f()

consume(produce())
