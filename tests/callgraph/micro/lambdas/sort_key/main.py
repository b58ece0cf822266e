# A lambda as a sort key inside a function.
def price(item):
    return item

def cheapest(items):
    return min(items, key=lambda i: price(i))

cheapest([1, 2])
