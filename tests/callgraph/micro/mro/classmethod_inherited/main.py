# An inherited classmethod: cls is the subclass, cls() constructs it.
class Base:
    def __init__(self):
        pass

    @classmethod
    def make(cls):
        return cls()

class Child(Base):
    def __init__(self):
        pass

Child.make()
