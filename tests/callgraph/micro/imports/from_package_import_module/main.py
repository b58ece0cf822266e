# from pkg import sub (a module), call through it.
from pkg import sub

sub.func()
