# A dispatch table indexed by a parameter: every value may be called.
def add():
    pass

def sub():
    pass

OPS = {"+": add, "-": sub}

def run(op):
    return OPS[op]()

run("+")
run("-")
