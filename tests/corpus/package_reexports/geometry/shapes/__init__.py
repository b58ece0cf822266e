"""A nested package: its __init__ re-exports again, one level down."""
from .round import Circle
from .angular import Square
