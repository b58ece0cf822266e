"""A src/ layout: `app` is importable from src/, so app.tools is src/app/tools.py."""
from app.tools import helper
from . import tools


def run():
    return helper(), tools.helper()
