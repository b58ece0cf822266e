# A module-level alias of a function, imported by name.
from mod import alias

alias()
