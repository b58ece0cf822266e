"""A healthy module beside a broken one: it must be in the graph in full."""


def add(a, b):
    return a + b


class Calculator:
    def total(self, values):
        result = 0
        for v in values:
            result = add(result, v)
        return result
