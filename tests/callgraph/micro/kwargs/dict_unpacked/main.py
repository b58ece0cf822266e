# A dict display unpacked into keyword parameters.
def func():
    pass

def run(cb):
    cb()

run(**{"cb": func})
