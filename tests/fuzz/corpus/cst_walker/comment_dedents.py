if x:
    y = 1
  # an odd comment
z = 2
