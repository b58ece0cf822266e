# super() calls the base method.
class Base:
    def run(self):
        pass

class Child(Base):
    def run(self):
        super().run()

obj = Child()
obj.run()
