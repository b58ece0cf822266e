# setattr with a constant name stores a function read back by attribute.
def handler():
    pass

class Box:
    pass

b = Box()
setattr(b, "callback", handler)
b.callback()
