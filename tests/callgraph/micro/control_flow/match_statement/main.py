# Each case of a match statement assigns a different function.
import sys

def start():
    pass

def stop():
    pass

def unknown():
    pass

match sys.argv[-1]:
    case "start":
        action = start
    case "stop":
        action = stop
    case _:
        action = unknown
action()
