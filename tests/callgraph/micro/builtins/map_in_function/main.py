# map inside a function: the edge to the mapped function is from that function.
def parse(x):
    return int(x)

def parse_all(xs):
    return list(map(parse, xs))

parse_all(["1"])
