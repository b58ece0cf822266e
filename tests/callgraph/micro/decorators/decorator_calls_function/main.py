# The decorator calls the function when it is applied.
def run_now(f):
    f()
    return f

@run_now
def setup():
    pass
