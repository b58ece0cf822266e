# A decorator registers functions in a dict; they are called through it.
HANDLERS = {}

def route(name):
    def deco(f):
        HANDLERS[name] = f
        return f
    return deco

@route("index")
def index():
    pass

@route("about")
def about():
    pass

def dispatch(name):
    HANDLERS[name]()

dispatch("index")
dispatch("about")
