def default_hook():
    pass

hook = default_hook

def run():
    hook()
