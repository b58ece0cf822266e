"""Helpers of the vulnerable web application: some pass taint on, some are sinks."""
import subprocess


def run_shell(cmd):
    # Sink reached through a parameter.
    return subprocess.call(cmd, shell=True)


def build_command(name):
    # Taint leaves through the return value, back to the caller that gave it.
    return "ls -l " + name


def echo(value):
    return value


def apply(fn, arg):
    # Higher-order: whatever fn is gets the argument.
    return fn(arg)


def join_words(words):
    return " ".join(words)


class Job:
    def __init__(self, script):
        self.script = script

    def run(self):
        # Sink reached through an attribute of an object.
        exec(self.script)
