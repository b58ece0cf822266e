# An exception carries a function that the handler calls.
def cleanup():
    pass

class Retry(Exception):
    def __init__(self, action):
        self.action = action

try:
    raise Retry(cleanup)
except Retry as e:
    e.action()
