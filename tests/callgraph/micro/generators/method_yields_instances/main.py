# A generator method yields instances; their methods are called.
class Leaf:
    def visit(self):
        pass

class Tree:
    def walk(self):
        yield Leaf()
        yield Leaf()

tree = Tree()
for node in tree.walk():
    node.visit()
