# import pkg.sub, call through the dotted path.
import pkg.sub

pkg.sub.func()
