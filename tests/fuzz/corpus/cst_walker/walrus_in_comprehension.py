y = [z for x in a if (z := x)]
