"""A client of the package: names come through two layers of re-exports."""
import geometry
from geometry import Box, Circle, Vector, dot
from geometry.units import to_metres
import geometry.shapes.round as round_mod


def report():
    v = Vector(1, 2) + Vector(3, 4)
    shapes = [Circle(v, 1.0), Box(2), round_mod.Circle(v, 2.0)]
    areas = [s.area() for s in shapes]
    return dot(v, v), areas, to_metres(5), geometry.__version__, geometry.units.METRE
