# Flow-sensitive (Jarvis): a swap through tuple assignment.
def first():
    pass

def second():
    pass

a, b = first, second
a, b = b, a
a()
