import broken
from good import Calculator


def main():
    return Calculator().total([1, 2]), broken.before()
