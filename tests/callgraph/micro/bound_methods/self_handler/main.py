# self.handler = self.on_event in __init__, called by another method.
class Widget:
    def __init__(self):
        self.handler = self.on_event

    def on_event(self):
        pass

    def fire(self):
        self.handler()

w = Widget()
w.fire()
