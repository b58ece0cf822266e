# __iter__ returns an instance of another class: for calls that class's __next__.
class Cursor:
    def __next__(self):
        raise StopIteration

class Table:
    def __iter__(self):
        return Cursor()

for row in Table():
    pass
