METRE = 1.0
CENTIMETRE = METRE / 100


def to_metres(value, unit=CENTIMETRE):
    return value * unit
