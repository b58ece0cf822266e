# A returned instance: its method is called.
class Widget:
    def __init__(self):
        pass

    def draw(self):
        pass

def make():
    return Widget()

obj = make()
obj.draw()
