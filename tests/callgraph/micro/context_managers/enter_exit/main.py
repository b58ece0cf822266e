# A with statement calls __enter__ and __exit__.
class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

with Ctx():
    pass
