# next() on an instance calls its __next__.
class Ticker:
    def __next__(self):
        return 1

t = Ticker()
next(t)
