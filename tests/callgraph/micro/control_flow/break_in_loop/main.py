# The value found before `break` reaches the call after the loop.
import sys

def first():
    pass

def second():
    pass

found = None
for candidate in [first, second]:
    if sys.argv[-1] == candidate.__name__:
        found = candidate
        break
found()
