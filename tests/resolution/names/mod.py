"""Name resolution: local, enclosing, global and builtin scopes; class bodies; comprehensions;
global and nonlocal declarations; the walrus operator."""
x = 1
total = 0


def outer(arg):
    local = arg + x

    def inner():
        nonlocal local
        local = len(str(local))
        return local

    return inner


class Config:
    x = 2

    def method(self):
        return x

    doubled = [x * 2 for _ in range(3)]
    bumped = x + 1


def count():
    global total
    total = total + 1


def squares(limit):
    values = [item * item for item in range(limit)]
    if (size := len(values)) > 2:
        return size
    return [v for v in values if (hit := v) > 1], hit


def undefined_use():
    return missing_name
