# Classes as dict values: the call constructs.
class Json:
    def __init__(self):
        pass

class Xml:
    def __init__(self):
        pass

FORMATS = {"json": Json, "xml": Xml}

def make(kind):
    return FORMATS[kind]()

make("json")
make("xml")
