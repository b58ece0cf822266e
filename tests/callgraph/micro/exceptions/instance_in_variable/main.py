# An exception instance created first, raised later.
class Stop(Exception):
    def reason(self):
        pass

err = Stop()
try:
    raise err
except Stop as e:
    e.reason()
