# Instances of both classes: self.step() reaches both methods.
class Base:
    def run(self):
        self.step()

    def step(self):
        pass

class Impl(Base):
    def step(self):
        pass

base = Base()
base.run()
impl = Impl()
impl.run()
