# The subclass's override hides the base method.
class Base:
    def run(self):
        pass

class Child(Base):
    def run(self):
        pass

obj = Child()
obj.run()
