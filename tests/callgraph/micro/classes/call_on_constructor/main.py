# A method called directly on the new instance.
class Job:
    def __init__(self):
        pass

    def run(self):
        pass

Job().run()
