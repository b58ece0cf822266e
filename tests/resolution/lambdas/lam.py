"""Lambdas: assigned, passed along, called; builtins."""


def apply(items):
    key = lambda item: len(item)
    ordered = sorted(items, key=key)
    return [key(x) for x in ordered]


square = lambda n: n * n
print(square(3))
