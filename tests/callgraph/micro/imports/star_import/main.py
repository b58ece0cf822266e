# from mod import *.
from mod import *

func()
