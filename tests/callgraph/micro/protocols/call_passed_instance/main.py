# An instance with __call__ passed as a callback.
class Printer:
    def __call__(self):
        pass

def run(cb):
    cb()

run(Printer())
