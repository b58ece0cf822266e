# A wrapper around a method: the call through the instance reaches the wrapper.
def traced(f):
    def wrapper(self):
        return f(self)
    return wrapper

class Service:
    @traced
    def run(self):
        pass

obj = Service()
obj.run()
