import requests

from shop import Cart, Item, cart_total
from shop.pricing import cheapest


def make_cart():
    cart = Cart("basket")
    apple = Item("apple", 1.5)
    apple.discounted(0.2)
    cart.add(apple)
    return cart


def report(items):
    prices = [item.price for item in items]
    best = cheapest(items)
    print(cart_total(prices), best)
    return requests.get("https://example.invalid/report")


def main():
    def helper(cart):
        return len(str(cart))

    cart = make_cart()
    return helper(cart)


if __name__ == "__main__":
    main()
