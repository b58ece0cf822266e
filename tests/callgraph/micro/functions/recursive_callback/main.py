# A function calls its callback and passes it on recursively.
def visit():
    pass

def walk(n, cb):
    cb()
    if n > 0:
        walk(n - 1, cb)

walk(3, visit)
