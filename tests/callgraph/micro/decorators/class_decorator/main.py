# A decorator applied to a class returns the class.
def register(cls):
    return cls

@register
class Plugin:
    def __init__(self):
        pass

Plugin()
