# A local variable of the same name shadows the global one.
def first():
    pass

def second():
    pass

a = first

def run():
    a = second
    a()

run()
a()
