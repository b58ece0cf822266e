# Flow-sensitive (Jarvis): a value assigned after the only call never reaches it.
def first():
    pass

def second():
    pass

f = first
f()
f = second
