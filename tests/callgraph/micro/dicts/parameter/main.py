# A dict passed to a function that calls a value.
def func():
    pass

def run(table):
    table["go"]()

run({"go": func})
