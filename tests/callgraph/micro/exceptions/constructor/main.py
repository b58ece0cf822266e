# Raising a new instance calls the exception's __init__.
class ConfigError(Exception):
    def __init__(self, key):
        super().__init__(key)
        self.key = key

def load():
    raise ConfigError("path")

load()
