# A method found in the base class.
class Base:
    def run(self):
        pass

class Child(Base):
    pass

obj = Child()
obj.run()
