# An annotated assignment.
from typing import Callable

def func():
    pass

a: Callable[[], None] = func
a()
