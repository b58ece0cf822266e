# Elements added by extend and insert.
def first():
    pass

def second():
    pass

hs = []
hs.extend([first])
hs.insert(0, second)
for h in hs:
    h()
