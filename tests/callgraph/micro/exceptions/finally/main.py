# Calls in try, except, else and finally.
def attempt():
    pass

def recover():
    pass

def success():
    pass

def always():
    pass

try:
    attempt()
except ValueError:
    recover()
else:
    success()
finally:
    always()
