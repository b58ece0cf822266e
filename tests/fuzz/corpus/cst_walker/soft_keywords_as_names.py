match = 1
match(x)
case = 2
type = 3
_ = 4
