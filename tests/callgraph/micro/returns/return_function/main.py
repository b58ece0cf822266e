# A returned function called directly.
def func():
    pass

def get():
    return func

get()()
