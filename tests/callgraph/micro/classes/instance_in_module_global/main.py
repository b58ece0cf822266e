# An instance in a module global used inside a function.
class Client:
    def send(self):
        pass

client = Client()

def work():
    client.send()

work()
