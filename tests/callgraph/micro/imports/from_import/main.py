# from-import a function.
from mod import func

func()
