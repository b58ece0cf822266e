# self passed to a function that calls a method on it.
def notify(obj):
    obj.update()

class View:
    def update(self):
        pass

    def attach(self):
        notify(self)

obj = View()
obj.attach()
