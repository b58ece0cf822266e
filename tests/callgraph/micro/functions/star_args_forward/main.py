# *args forwarded to another function.
def func():
    pass

def target(f):
    f()

def forward(*args):
    target(*args)

forward(func)
