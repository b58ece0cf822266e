"""Relative and star imports side by side."""
from .models import *
from .utils import *
from . import models
from .payments.card import charge
from .payments import card as card_module


def checkout(names):
    order = Order()
    for name in names:
        order.add(Item(name, 1.5))
    total = round_price(sum(i.price for i in order.items))
    models.helper()
    card_module.validate("4242")
    return charge(total)
