# A list of lists.
def first():
    pass

def second():
    pass

grid = [[first], [second]]
for row in grid:
    for h in row:
        h()
