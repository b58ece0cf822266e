# Builtin classes called are <builtin>.name too.
d = dict(a=1)
items = list(range(3))
s = str(int("3"))
