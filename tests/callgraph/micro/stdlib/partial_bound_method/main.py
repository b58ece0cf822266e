# A partial of a bound method.
import functools

class Mailer:
    def send(self, to, body):
        pass

m = Mailer()
notify = functools.partial(m.send, "admin")
notify("down")
