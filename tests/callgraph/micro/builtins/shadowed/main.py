# A module-level def shadows the builtin of the same name.
def len(x):
    return 0

len([1, 2])
