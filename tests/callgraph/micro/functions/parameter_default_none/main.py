# A parameter defaults to None and is checked before the call.
def func():
    pass

def run(cb=None):
    if cb is not None:
        cb()

run()
run(func)
