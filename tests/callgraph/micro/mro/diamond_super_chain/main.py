# super() follows the MRO of the instance: D -> B -> C -> A.
class A:
    def run(self):
        pass

class B(A):
    def run(self):
        super().run()

class C(A):
    def run(self):
        super().run()

class D(B, C):
    def run(self):
        super().run()

obj = D()
obj.run()
