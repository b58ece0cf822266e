"""Star-exported without __all__: the public names only."""


def public():
    return 1


def _private():
    return 2
