# A nonlocal rebinding is seen by a sibling closure.
def func():
    pass

def outer():
    fn = None

    def bind():
        nonlocal fn
        fn = func

    def call():
        fn()

    bind()
    call()

outer()
