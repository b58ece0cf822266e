# A list unpacked into positional parameters.
def first():
    pass

def second():
    pass

def run(a, b):
    a()
    b()

run(*[first, second])
