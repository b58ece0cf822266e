# The manager is created before the with statement.
class Lock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def held(self):
        pass

lock = Lock()
with lock as l:
    l.held()
