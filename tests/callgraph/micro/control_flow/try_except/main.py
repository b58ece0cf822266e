# The value assigned in either the try body or the handler may be called.
import sys

def first():
    pass

def second():
    pass

try:
    name = sys.argv[1]
    f = first
except IndexError:
    f = second
f()
