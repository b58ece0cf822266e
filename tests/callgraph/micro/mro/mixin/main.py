# A mixin's method calls a method provided by the other base.
class LogMixin:
    def log(self):
        self.write()

class Writer:
    def write(self):
        pass

class Service(LogMixin, Writer):
    pass

obj = Service()
obj.log()
