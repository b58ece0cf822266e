# A class without __init__: no constructor edge; its method is called.
class Plain:
    def run(self):
        pass

p = Plain()
p.run()
