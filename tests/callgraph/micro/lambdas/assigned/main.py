# A lambda assigned to a name and called.
def helper():
    pass

f = lambda: helper()
f()
