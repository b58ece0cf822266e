# A plain function stored on an instance is called without binding.
def func():
    pass

class Holder:
    pass

h = Holder()
h.callback = func
h.callback()
