# __enter__ and __exit__ inherited from a base class.
class Base:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

class File(Base):
    def read(self):
        pass

with File() as f:
    f.read()
