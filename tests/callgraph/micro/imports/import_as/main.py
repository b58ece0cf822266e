# Aliased module and aliased function.
import mod as m
from mod import other as o

m.func()
o()
