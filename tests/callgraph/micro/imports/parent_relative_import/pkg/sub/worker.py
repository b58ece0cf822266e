from ..util import helper

def work():
    helper()
