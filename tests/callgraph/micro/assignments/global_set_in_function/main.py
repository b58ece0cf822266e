# A global assigned in one function, called in another.
def func():
    pass

handler = None

def setup():
    global handler
    handler = func

def run():
    handler()

setup()
run()
