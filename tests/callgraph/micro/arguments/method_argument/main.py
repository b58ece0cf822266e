# A method receives a function and calls it.
def func():
    pass

class Runner:
    def run(self, job):
        job()

obj = Runner()
obj.run(func)
