# A starred target takes the rest; the first target the first element.
def first():
    pass

def second():
    pass

def third():
    pass

head, *rest = first, second, third
head()
for f in rest:
    f()
