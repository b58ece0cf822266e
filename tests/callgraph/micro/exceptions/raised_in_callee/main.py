# Raised in a called function, caught by the caller.
class AppError(Exception):
    def report(self):
        pass

def work():
    raise AppError()

def main():
    try:
        work()
    except AppError as e:
        e.report()

main()
