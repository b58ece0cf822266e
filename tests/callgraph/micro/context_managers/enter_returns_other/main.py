# __enter__ returns another object: the as-target is that object.
class Resource:
    def use(self):
        pass

class Manager:
    def __enter__(self):
        return Resource()

    def __exit__(self, *exc):
        return False

with Manager() as r:
    r.use()
