# super(Class, self) with explicit arguments.
class Base:
    def run(self):
        pass

class Child(Base):
    def run(self):
        super(Child, self).run()

obj = Child()
obj.run()
