# Names outside the analysed directory keep their import path.
import os
import json as j
from os.path import join

os.getcwd()
j.dumps({})
join("a", "b")
