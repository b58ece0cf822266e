# The lambda's default value is a function, called in its body.
def helper():
    pass

f = lambda cb=helper: cb()
f()
