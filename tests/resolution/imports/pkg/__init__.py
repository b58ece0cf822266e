"""Re-exports: `from pkg import Engine` finds pkg.core.Engine through this file."""
from .core import Engine, build
from . import util
