# Flow-sensitive (Jarvis): in a function, the reassignment in both branches replaces the first value.
def first():
    pass

def second():
    pass

def third():
    pass

def run(flag):
    f = first
    if flag:
        f = second
    else:
        f = third
    f()

run(True)
run(False)
