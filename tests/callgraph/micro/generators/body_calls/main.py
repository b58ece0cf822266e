# Calls in the generator body belong to the generator.
def helper():
    return 1

def gen():
    yield helper()

for x in gen():
    pass
