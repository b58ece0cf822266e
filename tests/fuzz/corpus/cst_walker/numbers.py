a = 0_0
b = 1_000j
c = 0o17
d = 1e-10j
e = 0xFF_FF
f = 0b1_0
g = 1.
h = .5e+3
