# A handler for a tuple of classes receives instances of either.
import sys

class A(Exception):
    def info(self):
        pass

class B(Exception):
    def info(self):
        pass

def fail(flag):
    if flag:
        raise A()
    raise B()

try:
    fail(len(sys.argv) > 1)
except (A, B) as e:
    e.info()
