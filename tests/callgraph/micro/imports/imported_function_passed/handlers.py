def on_event():
    pass
