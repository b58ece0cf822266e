x = f"{f'{y}'}"
z = f'{x:{w}.{p}}'
q = f'{x!r:>10}'
r = f'{x=}'
