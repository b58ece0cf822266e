"""Assignment expressions: in if, while, comprehensions (binding in the enclosing scope)."""
import re

PATTERN = re.compile(r"(\w+)=(\d+)")


def parse(lines):
    found = {}
    for line in lines:
        if (m := PATTERN.match(line)) is not None:
            found[m.group(1)] = int(m.group(2))
    return found


def read_chunks(stream, size=4):
    chunks = []
    while chunk := stream.read(size):
        chunks.append(chunk)
    return chunks


def scaled(values):
    results = [y for x in values if (y := x * 2) > 2]
    return results, y


if (n := len(parse(["a=1"]))) > 0:
    print(n, scaled([1, 2, 3]))
