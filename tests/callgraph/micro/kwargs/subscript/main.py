# A function read from **kwargs by key.
def func():
    pass

def run(**kwargs):
    kwargs["cb"]()

run(cb=func)
