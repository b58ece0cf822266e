# A bound method resolved through the base class.
class Base:
    def ping(self):
        pass

class Child(Base):
    pass

p = Child().ping
p()
