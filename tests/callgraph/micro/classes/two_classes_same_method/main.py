# Two classes define the same method name: each call resolves by the receiver.
class Cat:
    def speak(self):
        pass

class Dog:
    def speak(self):
        pass

c = Cat()
c.speak()
