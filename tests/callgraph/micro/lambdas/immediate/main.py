# A lambda called where it is written.
def helper():
    pass

(lambda: helper())()
