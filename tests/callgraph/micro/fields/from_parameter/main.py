# An object passed to the constructor and stored.
class Backend:
    def process(self):
        pass

class Service:
    def __init__(self, backend):
        self.backend = backend

    def run(self):
        self.backend.process()

obj = Service(Backend())
obj.run()
