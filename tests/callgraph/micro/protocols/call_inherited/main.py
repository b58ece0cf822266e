# __call__ inherited from the base class.
class Base:
    def __call__(self):
        pass

class Task(Base):
    pass

t = Task()
t()
