# An instance with __call__ stored in an attribute, called through it.
class Validator:
    def __call__(self, value):
        return True

class Form:
    def __init__(self):
        self.check = Validator()

    def submit(self):
        self.check(1)

obj = Form()
obj.submit()
