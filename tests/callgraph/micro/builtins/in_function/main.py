# Builtins called inside a function.
def describe(items):
    return sorted(set(items))

describe([3, 1])
