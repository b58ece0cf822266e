"""Closures: nonlocal state, late binding in loops, nested helpers and global rebinding."""
total_calls = 0


def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count += step
        return count

    def reset():
        nonlocal count
        count = start

    return increment, reset


def make_multipliers():
    funcs = []
    for factor in range(3):
        def multiply(x, factor=factor):
            return x * factor

        funcs.append(multiply)
    return funcs


def outer(a):
    def middle(b):
        def inner(c):
            global total_calls
            total_calls += 1
            return a + b + c

        return inner

    return middle


def shadow(value):
    value = str(value)

    def show():
        return value

    return show()


inc, rst = make_counter(10)
inc()
print(outer(1)(2)(3), shadow(4), [f(2) for f in make_multipliers()])
