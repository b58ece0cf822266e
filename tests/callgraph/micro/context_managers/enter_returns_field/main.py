# __enter__ returns an object created in __init__.
class Connection:
    def execute(self):
        pass

class Pool:
    def __init__(self):
        self.conn = Connection()

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        return False

with Pool() as c:
    c.execute()
