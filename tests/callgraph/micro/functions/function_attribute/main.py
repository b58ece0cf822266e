# A function stored as an attribute of another function.
def helper():
    pass

def func():
    pass

func.callback = helper
func.callback()
