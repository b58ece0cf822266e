# Two attributes hold objects of two classes with the same method name.
class Reader:
    def close(self):
        pass

class Writer:
    def close(self):
        pass

class Pipe:
    def __init__(self):
        self.reader = Reader()
        self.writer = Writer()

    def shutdown(self):
        self.writer.close()

obj = Pipe()
obj.shutdown()
