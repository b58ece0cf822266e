"""Comprehensions: list, set, dict and generator; nested loops, conditions, scoping rules."""


def squares(limit):
    return [n * n for n in range(limit) if n % 2 == 0]


def index_words(words):
    return {word: position for position, word in enumerate(words)}


def unique_lengths(words):
    return {len(w) for w in words}


def pairs(rows):
    return [(r, c) for r in range(rows) for c in range(r) if c != r]


def total(values):
    return sum(v for v in values if v is not None)


class Grid:
    size = 3
    cells = [[0] * 3 for _ in range(3)]

    def diagonal(self):
        return [self.cells[i][i] for i in range(self.size)]


matrix = [[i * j for j in range(3)] for i in range(3)]
flat = [x for row in matrix for x in row]
print(squares(5), index_words(["a", "b"]), unique_lengths(["x"]), pairs(3), total([1, None]))
