# A bound method passed to a function that calls it.
class Service:
    def run(self):
        pass

def schedule(job):
    job()

s = Service()
schedule(s.run)
