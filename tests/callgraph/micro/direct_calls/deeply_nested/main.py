# Three levels of nested functions.
def a():
    def b():
        def c():
            pass
        c()
    b()

a()
