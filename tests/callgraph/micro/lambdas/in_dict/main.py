# Lambdas as dict values.
def first():
    pass

def second():
    pass

ops = {"a": lambda: first(), "b": lambda: second()}
ops["a"]()
