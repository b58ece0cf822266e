# An instance stored as a class attribute, used through self.
class Registry:
    def add(self):
        pass

class Plugin:
    registry = Registry()

    def register(self):
        self.registry.add()

obj = Plugin()
obj.register()
