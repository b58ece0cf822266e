# A returned function assigned, then called.
def func():
    pass

def get():
    return func

h = get()
h()
