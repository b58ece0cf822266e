# The callee calls its argument and returns it; the caller calls the result again.
def func():
    pass

def call_and_return(f):
    f()
    return f

call_and_return(func)()
