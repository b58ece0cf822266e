# Builtin functions are <builtin>.name.
x = len("abc")
print(abs(-x), repr(x))
