"""Models, star-exported through __all__ (Item and Order only)."""

__all__ = ["Item", "Order"]


class Item:
    def __init__(self, name, price):
        self.name = name
        self.price = price


class Order:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        return self


class _Draft(Order):
    pass


def helper():
    return _Draft()
