# Flow-sensitive (Jarvis): the name of a def rebound to another function before the call.
def func():
    pass

def other():
    pass

func = other
func()
