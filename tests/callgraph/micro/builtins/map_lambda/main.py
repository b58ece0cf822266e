# map with a lambda.
squares = list(map(lambda x: x * x, [1, 2]))
