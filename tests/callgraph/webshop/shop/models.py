import functools


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return fn(*args, **kwargs)

    return wrapper


class Base:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return "<" + self.name + ">"


class Item(Base):
    def __init__(self, name, price):
        super().__init__(name)
        self.price = price

    @logged
    def discounted(self, rate):
        return round(self.price * (1 - rate), 2)


class Cart(Base):
    """No __init__ of its own: Cart(...) runs Base.__init__."""

    def add(self, item):
        self.items = getattr(self, "items", [])
        self.items.append(item)
        return self.describe()
