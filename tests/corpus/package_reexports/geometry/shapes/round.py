import math

from ..vectors import Vector


class Circle:
    def __init__(self, centre: Vector, radius: float):
        self.centre = centre
        self.radius = radius

    def area(self):
        return math.pi * self.radius ** 2
