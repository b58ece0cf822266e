# A bound method of another object stored as a callback.
class Logger:
    def write(self):
        pass

class Job:
    def __init__(self, log):
        self.on_done = log.write

    def finish(self):
        self.on_done()

obj = Job(Logger())
obj.finish()
