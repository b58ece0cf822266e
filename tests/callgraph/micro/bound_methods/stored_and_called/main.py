# A bound method stored in a variable and called later.
class Service:
    def run(self):
        pass

s = Service()
cb = s.run
cb()
