"""Star-exported with __all__: only `shout` leaves through `from .helpers import *`."""
from ..core import build as make

__all__ = ["shout"]


def shout(text):
    return text.upper() + "!"


def whisper(text):
    return make(len(text))
