# A method taken from the class as the key.
class Item:
    def weight(self):
        return 1

items = [Item(), Item()]
ordered = sorted(items, key=Item.weight)
