# Relative imports inside a package.
from pkg.a import run

run()
