# A list of instances of two classes: the method of each is called.
class Cat:
    def speak(self):
        pass

class Dog:
    def speak(self):
        pass

for animal in [Cat(), Dog()]:
    animal.speak()
