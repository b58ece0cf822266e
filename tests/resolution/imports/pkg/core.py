"""The definitions the rest of the package re-exports."""


class Engine:
    def __init__(self, power):
        self.power = power

    def start(self):
        return self.power


def build(power=1):
    return Engine(power)
