# Calls in a comprehension belong to the enclosing scope.
def square(x):
    return x * x

def run():
    return [square(i) for i in range(3)]

run()
