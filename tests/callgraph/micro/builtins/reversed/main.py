# reversed yields the elements of its argument.
def first():
    pass

for h in reversed([first]):
    h()
