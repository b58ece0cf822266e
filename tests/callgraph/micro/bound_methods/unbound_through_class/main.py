# A method read from the class and called with the instance.
class Service:
    def run(self):
        pass

f = Service.run
f(Service())
