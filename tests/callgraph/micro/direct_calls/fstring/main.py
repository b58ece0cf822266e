# A call inside an f-string.
def name():
    return "x"

print(f"hello {name()}")
