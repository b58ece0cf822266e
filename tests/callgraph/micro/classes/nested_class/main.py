# A class nested in a class.
class Outer:
    class Inner:
        def __init__(self):
            pass

        def run(self):
            pass

obj = Outer.Inner()
obj.run()
