# contextlib.contextmanager: the generator yields the as-target.
from contextlib import contextmanager

class Resource:
    def use(self):
        pass

@contextmanager
def opened():
    yield Resource()

with opened() as r:
    r.use()
