# A class defined and used inside a function.
def build():
    class Local:
        def __init__(self):
            pass

        def run(self):
            pass

    obj = Local()
    obj.run()

build()
