# The values returned by __next__ are the loop's elements.
def handler():
    pass

class Source:
    def __iter__(self):
        return self

    def __next__(self):
        return handler

for h in Source():
    h()
