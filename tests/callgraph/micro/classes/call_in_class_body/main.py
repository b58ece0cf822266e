# Code in a class body belongs to the enclosing scope (here the module).
def compute():
    return 1

class Settings:
    value = compute()
