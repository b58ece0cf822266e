# Two levels of attributes.
class Engine:
    def start(self):
        pass

class Car:
    def __init__(self):
        self.engine = Engine()

class Garage:
    def __init__(self):
        self.car = Car()

g = Garage()
g.car.engine.start()
