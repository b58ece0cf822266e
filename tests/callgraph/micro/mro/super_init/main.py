# Constructor chaining through super().__init__.
class Base:
    def __init__(self):
        pass

class Child(Base):
    def __init__(self):
        super().__init__()

Child()
