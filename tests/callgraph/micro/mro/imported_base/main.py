# A base class from another module.
from base import Base

class Child(Base):
    def run(self):
        self.helper()

obj = Child()
obj.run()
