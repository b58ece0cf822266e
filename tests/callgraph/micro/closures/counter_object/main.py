# A closure over an object created in the enclosing function.
class Counter:
    def increment(self):
        pass

def make_counter():
    c = Counter()

    def tick():
        c.increment()

    return tick

make_counter()()
