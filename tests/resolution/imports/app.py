import os.path
import json as j
from pkg import Engine, build
from pkg.util import shout, whisper
from pkg.stars import *
from pkg.util.helpers import shout as loud
import requests
from requests.adapters import HTTPAdapter


def main():
    engine = Engine(5)
    engine.start()
    build()
    shout("hi")
    loud("hey")
    public()
    _private()
    j.dumps({})
    os.path.join("a", "b")
    requests.get("http://example.com")
    HTTPAdapter()
