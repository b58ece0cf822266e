# A dict of bound methods built in __init__, used by another method.
class Machine:
    def __init__(self):
        self.handlers = {"start": self.on_start, "stop": self.on_stop}

    def on_start(self):
        pass

    def on_stop(self):
        pass

    def fire(self, event):
        self.handlers[event]()

m = Machine()
m.fire("start")
m.fire("stop")
