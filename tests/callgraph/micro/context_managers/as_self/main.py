# __enter__ returns self: the as-target is the instance.
class Session:
    def __init__(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def request(self):
        pass

with Session() as s:
    s.request()
