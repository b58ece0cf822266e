# A function read from **kwargs with get().
def func():
    pass

def run(**kwargs):
    kwargs.get("cb")()

run(cb=func)
