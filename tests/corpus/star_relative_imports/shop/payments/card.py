"""Two levels up and back down: relative imports across packages."""
from ..utils import round_price
from .. import models
from ... import missing_top_level


def validate(number):
    return len(number) == 4


def charge(amount):
    receipt = models.Order()
    return round_price(amount), receipt
