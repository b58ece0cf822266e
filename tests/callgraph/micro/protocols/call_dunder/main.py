# Calling an instance calls its __call__.
class Command:
    def __call__(self):
        pass

c = Command()
c()
