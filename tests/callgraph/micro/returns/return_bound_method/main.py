# A method returns a bound method of another object.
class Engine:
    def start(self):
        pass

class Car:
    def __init__(self):
        self.engine = Engine()

    def starter(self):
        return self.engine.start

obj = Car()
obj.starter()()
