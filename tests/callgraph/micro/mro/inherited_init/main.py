# The constructor inherited from the base class.
class Base:
    def __init__(self):
        pass

class Child(Base):
    def run(self):
        pass

obj = Child()
obj.run()
