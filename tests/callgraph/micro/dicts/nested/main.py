# A dict inside a dict.
def func():
    pass

d = {"outer": {"inner": func}}
d["outer"]["inner"]()
