# An imported function passed to an imported higher-order function.
from lib import apply
from handlers import on_event

apply(on_event)
