# A function returns one of two functions.
def first():
    pass

def second():
    pass

def pick(flag):
    if flag:
        return first
    return second

pick(True)()
pick(False)()
