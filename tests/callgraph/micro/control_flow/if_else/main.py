# Each branch assigns a different function: both may be called.
import sys

def first():
    pass

def second():
    pass

if len(sys.argv) > 1:
    f = first
else:
    f = second
f()
