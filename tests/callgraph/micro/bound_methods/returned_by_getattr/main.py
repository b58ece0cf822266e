# getattr with a constant name returns the bound method.
class Handler:
    def on_close(self):
        pass

h = Handler()
method = getattr(h, "on_close")
method()
