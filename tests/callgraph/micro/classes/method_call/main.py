# A method called on an instance held in a variable.
class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self):
        pass

g = Greeter("a")
g.greet()
