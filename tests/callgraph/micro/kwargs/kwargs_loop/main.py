# Every value of **kwargs called in a loop.
def first():
    pass

def second():
    pass

def run(**hooks):
    for hook in hooks.values():
        hook()

run(a=first, b=second)
