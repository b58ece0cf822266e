# A module-level call of a module-level function.
def func():
    pass

func()
