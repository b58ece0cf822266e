# The value assigned at the end of the loop body reaches the call on the next iteration.
def first():
    pass

def second():
    pass

def run(n):
    f = first
    while n > 0:
        f()
        f = second
        n -= 1

run(2)
