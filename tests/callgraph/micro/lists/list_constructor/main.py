# list() copies the elements of an iterable.
def func():
    pass

fs = list((func,))
fs[0]()
