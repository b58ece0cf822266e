# Flow-sensitive (Jarvis): only the last value reaches the call.
def first():
    pass

def second():
    pass

a = first
a = second
a()
