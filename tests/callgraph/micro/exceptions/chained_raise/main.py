# raise ... from ...: both constructors are called.
class LowError(Exception):
    def __init__(self):
        pass

class HighError(Exception):
    def __init__(self):
        pass

def run():
    try:
        raise LowError()
    except LowError as e:
        raise HighError() from e

run()
