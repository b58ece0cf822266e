# A package's __init__.py imports its submodule; the caller goes through the package.
import pkg

pkg.tools.run()
