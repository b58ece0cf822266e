# partial imported by name, the result passed along.
from functools import partial

def send(host, msg):
    pass

def run(cb):
    cb("x")

run(partial(send, "localhost"))
