# An import inside a function.
def run():
    import mod
    mod.func()

run()
