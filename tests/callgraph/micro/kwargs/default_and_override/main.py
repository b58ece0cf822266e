# The default is used by one call, the keyword by another.
def first():
    pass

def second():
    pass

def run(cb=first):
    cb()

run()
run(cb=second)
