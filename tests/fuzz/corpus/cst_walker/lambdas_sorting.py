"""Lambdas: as sort keys, stored in dicts, immediately called, with defaults and nested."""

OPS = {
    "add": lambda a, b: a + b,
    "neg": lambda a: -a,
}


def by_length(words):
    return sorted(words, key=lambda w: (len(w), w))


def adder(n):
    return lambda x, *rest, scale=1: (x + n + sum(rest)) * scale


def compose(f, g):
    return lambda *args: f(g(*args))


square_then_neg = compose(OPS["neg"], lambda v: v * v)
nested = lambda x: (lambda y: x + y)
answer = (lambda: 42)()
table = list(map(lambda p: p[0], [(1, "a"), (2, "b")]))
print(by_length(["bb", "a"]), adder(2)(3, 4, scale=2), square_then_neg(3), nested(1)(2), answer)
