# With two bases defining the method, the first in the MRO wins.
class A:
    def run(self):
        pass

class B:
    def run(self):
        pass

class C(A, B):
    pass

obj = C()
obj.run()
