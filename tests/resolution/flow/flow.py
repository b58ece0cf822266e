"""Reaching definitions over the bytecode CFG: branches, loops, parameters, redefinitions."""


def branchy(flag, items):
    total = 0
    if flag:
        total = 1
    else:
        items = []
    for item in items:
        total = total + item
    return total


def redefined():
    value = 1
    value = 2
    return value
