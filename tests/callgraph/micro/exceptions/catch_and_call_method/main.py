# The instance raised reaches the `except ... as` target.
class AppError(Exception):
    def report(self):
        pass

try:
    raise AppError()
except AppError as e:
    e.report()
