"""Scoping corner cases CPython's symbol table also decides; the graph must agree with it."""
y = 0


def walrus(xs):
    if any((hit := x) > 3 for x in xs):
        return hit
    return None


class Table:
    y = 1
    z = [y for _ in range(3)]
    w = y + 1


def handlers(value):
    try:
        pass
    except ValueError as err:
        return err
    match value:
        case [first, *rest]:
            return first, rest
    return None


def counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count

    return bump


def rebind():
    global y
    y = 2
    return y
