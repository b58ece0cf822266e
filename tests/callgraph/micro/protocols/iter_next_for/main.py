# for over an instance calls __iter__ and __next__.
class Countdown:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration

for x in Countdown():
    pass
