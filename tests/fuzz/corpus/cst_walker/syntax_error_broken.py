"""A module with syntax errors: what parses is still in the graph, with diagnostics."""
from good import add


def before():
    return add(1, 2)


def unfinished(x:
    return x


class Fine:
    def method(self):
        return before()


value = [1, 2,
