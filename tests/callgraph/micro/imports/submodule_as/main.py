# import pkg.sub as alias.
import pkg.sub as s

s.func()
