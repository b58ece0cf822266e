# Elements added with append (no edge for the method of the builtin list).
def first():
    pass

def second():
    pass

handlers = []
handlers.append(first)
handlers.append(second)
for h in handlers:
    h()
