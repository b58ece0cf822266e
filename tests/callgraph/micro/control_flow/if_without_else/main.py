# Flow-sensitive (Jarvis): the first value survives when the branch is not taken.
import sys

def first():
    pass

def second():
    pass

f = first
if sys.argv:
    f = second
f()
