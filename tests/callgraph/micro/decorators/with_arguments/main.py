# A decorator factory: the module calls it, then calls the decorator it returns.
def repeat(n):
    def deco(f):
        def wrapper():
            for _ in range(n):
                f()
        return wrapper
    return deco

@repeat(2)
def func():
    pass

func()
