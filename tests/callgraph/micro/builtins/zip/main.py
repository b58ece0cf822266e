# zip pairs the elements of its arguments.
def first():
    pass

def second():
    pass

for name, h in zip(["a", "b"], [first, second]):
    h()
