"""A small shop: the package re-exports its public names."""
from .models import Cart, Item
from .pricing import total as cart_total

__all__ = ["Cart", "Item", "cart_total"]
