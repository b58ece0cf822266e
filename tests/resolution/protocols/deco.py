"""Decorator application and the implicit calls of `with` and `for`."""
import contextlib
import functools


def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)

    return wrapper


@trace
def work():
    return 1


class Resource:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    @property
    def size(self):
        return 1

    @contextlib.contextmanager
    def managed(self):
        yield self


class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current


def use():
    with Resource() as res:
        print(res.size)
    for value in Countdown(3):
        print(value)
    counter = Countdown(2)
    return [v for v in counter]
