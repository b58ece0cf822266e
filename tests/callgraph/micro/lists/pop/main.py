# pop returns an element.
def func():
    pass

stack = [func]
stack.pop()()
