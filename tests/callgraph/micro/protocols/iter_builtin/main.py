# iter() on an instance calls its __iter__.
class Bag:
    def __iter__(self):
        return iter([])

iter(Bag())
