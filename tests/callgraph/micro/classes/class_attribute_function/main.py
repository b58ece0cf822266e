# A function stored as a class attribute, called through the class.
def func():
    pass

class Config:
    handler = func

Config.handler()
