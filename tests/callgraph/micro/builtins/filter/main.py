# filter calls the predicate it is given.
def is_even(x):
    return x % 2 == 0

evens = list(filter(is_even, [1, 2]))
