# self.session = Session() in __init__, then self.session.get() in a method.
class Session:
    def get(self):
        pass

class Client:
    def __init__(self):
        self.session = Session()

    def fetch(self):
        self.session.get()

obj = Client()
obj.fetch()
