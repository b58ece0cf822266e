# min and max call their key functions.
def by_length(s):
    return len(s)

def by_first(s):
    return s[0]

words = ["aa", "b"]
shortest = min(words, key=by_length)
last = max(words, key=by_first)
