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


# A `with` whose __enter__ and __exit__ come from a base class.
class Resource:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Kennel(Resource):
    def house(self, animal):
        return animal


def board(duck):
    with Kennel() as kennel:
        return kennel.house(duck)
