square = lambda x: x * x


def total(prices):
    return sum(p for p in prices if p > 0)


def cheapest(items):
    return min(items, key=lambda item: item.price)


def area(side):
    return square(side)
