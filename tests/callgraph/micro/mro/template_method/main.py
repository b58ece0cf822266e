# A base method calls self.step(); the instance is a subclass that overrides it.
class Base:
    def run(self):
        self.step()

    def step(self):
        pass

class Impl(Base):
    def step(self):
        pass

obj = Impl()
obj.run()
