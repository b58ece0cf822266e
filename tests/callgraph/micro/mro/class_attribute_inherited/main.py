# A class attribute holding a function, read through a subclass.
def func():
    pass

class Base:
    handler = func

class Child(Base):
    pass

Child.handler()
