# The value sent into a generator is what the yield expression evaluates to.
def func():
    pass

def worker():
    while True:
        job = yield
        job()

w = worker()
next(w)
w.send(func)
