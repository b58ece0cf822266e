# A function calls another defined after it.
def first():
    second()

def second():
    pass

first()
