# functools.partial: calling the partial calls the function.
import functools

def greet(greeting, name):
    pass

hello = functools.partial(greet, "hello")
hello("ann")
