# __iter__ written as a generator: for calls __iter__, the elements are the yielded values.
def first():
    pass

class Pipeline:
    def __iter__(self):
        yield first

for step in Pipeline():
    step()
