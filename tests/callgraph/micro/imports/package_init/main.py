# A function defined in a package's __init__.py.
import pkg

pkg.func()
