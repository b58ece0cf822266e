# map calls the function it is given.
def double(x):
    return x * 2

result = list(map(double, [1, 2]))
