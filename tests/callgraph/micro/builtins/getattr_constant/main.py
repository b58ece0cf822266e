# getattr with a constant name, then called.
class Service:
    def run(self):
        pass

s = Service()
getattr(s, "run")()
