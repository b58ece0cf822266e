def f():
    x = 1
    def g():
        nonlocal x
        global y
        x = y = 2
