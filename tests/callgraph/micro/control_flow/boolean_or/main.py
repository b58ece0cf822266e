# `cb or fallback` yields either operand.
def fallback():
    pass

def custom():
    pass

def run(cb=None):
    fn = cb or fallback
    fn()

run(custom)
run()
