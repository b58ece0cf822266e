# The attribute is assigned in a method other than __init__.
class Cache:
    def lookup(self):
        pass

class Service:
    def setup(self):
        self.cache = Cache()

    def query(self):
        self.cache.lookup()

s = Service()
s.setup()
s.query()
