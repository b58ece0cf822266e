# try/except ImportError: an optional external implementation, else the program's own.
try:
    from fastlib import compute
except ImportError:
    from slow import compute

compute()
