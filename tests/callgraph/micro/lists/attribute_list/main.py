# Handlers registered in a list attribute, called by another method.
def on_save():
    pass

class Events:
    def __init__(self):
        self.listeners = []

    def subscribe(self, fn):
        self.listeners.append(fn)

    def emit(self):
        for fn in self.listeners:
            fn()

ev = Events()
ev.subscribe(on_save)
ev.emit()
