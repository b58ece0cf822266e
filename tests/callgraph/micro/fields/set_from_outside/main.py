# An attribute assigned outside the class.
class Transport:
    def send(self):
        pass

class Client:
    pass

c = Client()
c.transport = Transport()
c.transport.send()
