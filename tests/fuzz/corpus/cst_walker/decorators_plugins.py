"""A plugin registry built from decorators: plain, parametrised, stacked and on classes."""
import functools

REGISTRY = {}


def register(func):
    REGISTRY[func.__name__] = func
    return func


def retry(times):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            last = None
            for _ in range(times):
                try:
                    return func(*args, **kwargs)
                except OSError as exc:
                    last = exc
            raise last

        return wrapper

    return decorate


def singleton(cls):
    instances = {}

    def get(*args):
        if cls not in instances:
            instances[cls] = cls(*args)
        return instances[cls]

    return get


@register
def ping(host):
    return "pong " + host


@register
@retry(3)
def fetch(url):
    return url.upper()


@singleton
class Config:
    def __init__(self, name="default"):
        self.name = name


def run():
    cfg = Config()
    return ping(cfg.name), fetch("x"), REGISTRY["ping"]("y")
