"""The geometry package re-exports its public API from submodules."""
from .vectors import Vector, dot
from .shapes import Circle, Square as Box
from . import units

__all__ = ["Vector", "dot", "Circle", "Box", "units"]
__version__ = "1.0"
