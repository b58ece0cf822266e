# A function passed by keyword.
def func():
    pass

def run(cb):
    cb()

run(cb=func)
