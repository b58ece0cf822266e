# Bound methods of two objects in a list.
class A:
    def go(self):
        pass

class B:
    def go(self):
        pass

for step in [A().go, B().go]:
    step()
