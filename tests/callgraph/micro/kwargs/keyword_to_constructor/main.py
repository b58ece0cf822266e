# A keyword argument stored by __init__ and called by a method.
def func():
    pass

class Button:
    def __init__(self, on_click=None):
        self.on_click = on_click

    def click(self):
        self.on_click()

obj = Button(on_click=func)
obj.click()
