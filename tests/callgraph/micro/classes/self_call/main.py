# A method calls another through self.
class Job:
    def run(self):
        self.prepare()

    def prepare(self):
        pass

obj = Job()
obj.run()
