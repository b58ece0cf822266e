# A name re-exported by a package's __init__.py.
from pkg import func

func()
