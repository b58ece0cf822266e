"""Inheritance: single, multiple (a diamond), super() chains, overrides and the MRO."""


class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."

    def describe(self):
        return f"{self.name} says {self.speak()}"


class Walker(Animal):
    def move(self):
        return "walks"


class Swimmer(Animal):
    def move(self):
        return "swims"

    def dive(self):
        return "dives"


class Duck(Walker, Swimmer):
    kind = "bird"

    def __init__(self, name, color):
        super().__init__(name)
        self.color = color

    def speak(self):
        return "quack"


class RubberDuck(Duck):
    def speak(self):
        return super().speak().upper()


class Point(object):
    __slots__ = ("x", "y")


def parade():
    duck = Duck("donald", "white")
    toy = RubberDuck("rd", "yellow")
    return [duck.describe(), duck.move(), duck.dive(), toy.speak(), Duck.kind]
