# A returned class called: constructs it.
class Widget:
    def __init__(self):
        pass

def pick():
    return Widget

pick()()
