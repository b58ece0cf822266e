# A subclass instance caught by a handler for its base: its own override is called.
class BaseError(Exception):
    def describe(self):
        pass

class NotFound(BaseError):
    def describe(self):
        pass

try:
    raise NotFound()
except BaseError as e:
    e.describe()
