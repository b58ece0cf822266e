# Elements called inside a list comprehension.
def first():
    return 1

def second():
    return 2

results = [h() for h in [first, second]]
