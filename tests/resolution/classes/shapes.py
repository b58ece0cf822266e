"""Methods along the MRO: self, cls, class names, instances, super(), constructors."""


class Base:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return self.name

    def greet(self):
        return "hello " + self.describe()

    @classmethod
    def create(cls, name):
        return cls(name)

    @staticmethod
    def version():
        return 1


class Child(Base):
    def describe(self):
        return "child " + super().describe()

    def shout(self):
        return self.greet().upper()


class Left(Base):
    def where(self):
        return "left"


class Right(Base):
    def where(self):
        return "right"

    def extra(self):
        return 0


class Diamond(Left, Right):
    def report(self):
        return self.where(), self.extra(), self.version()


class Plain:
    pass


def use():
    child = Child("c")
    child.shout()
    Base.version()
    Base.create("b")
    plain = Plain()
    return plain
