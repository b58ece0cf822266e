# Two context managers in one with statement.
class A:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def a(self):
        pass

class B:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def b(self):
        pass

with A() as x, B() as y:
    x.a()
    y.b()
