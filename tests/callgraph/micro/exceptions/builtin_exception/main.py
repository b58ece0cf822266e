# Raising a builtin exception calls the builtin class.
def check(x):
    if x < 0:
        raise ValueError("negative")

check(-1)
