"""Utilities, star-exported without __all__: only the public names."""
import math


def round_price(value):
    return math.floor(value * 100) / 100


def _secret():
    return 42
