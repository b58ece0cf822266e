# A with statement inside a function.
class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

def work():
    with Ctx() as c:
        pass

work()
