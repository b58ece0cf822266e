# C3 linearisation: D(B, C) with B and C over A; only C overrides: D().run() is C.run.
class A:
    def run(self):
        pass

class B(A):
    pass

class C(A):
    def run(self):
        pass

class D(B, C):
    pass

obj = D()
obj.run()
