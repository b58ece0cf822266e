# A plain function stored in an attribute by __init__ and called later.
def default_formatter():
    pass

class Printer:
    def __init__(self, fmt=default_formatter):
        self.fmt = fmt

    def show(self):
        self.fmt()

obj = Printer()
obj.show()
