# A class passed as an argument and instantiated by the callee.
class Widget:
    def __init__(self):
        pass

def make(cls):
    return cls()

make(Widget)
