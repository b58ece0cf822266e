"""Every parser accepts this file; CPython's compiler does not: `break` outside a loop."""


def first_even(values):
    for v in values:
        if v % 2 == 0:
            return v
    return None


break
