def func():
    pass

alias = func
