# sorted calls its key function.
def weight(x):
    return -x

ordered = sorted([3, 1, 2], key=weight)
