match x:
    case [a, *rest]:
        pass
    case {'k': v, **kw}:
        pass
    case Point(x=0) if x:
        pass
    case _:
        pass
