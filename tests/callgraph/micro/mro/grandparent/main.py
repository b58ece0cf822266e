# A method two levels up.
class A:
    def run(self):
        pass

class B(A):
    pass

class C(B):
    pass

obj = C()
obj.run()
