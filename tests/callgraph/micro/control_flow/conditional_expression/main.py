# A conditional expression yields either operand.
import sys

def first():
    pass

def second():
    pass

(first if sys.argv else second)()
