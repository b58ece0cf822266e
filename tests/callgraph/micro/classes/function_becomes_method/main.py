# A module function assigned in a class body becomes a method.
def shout(self):
    pass

class Speaker:
    speak = shout

    def run(self):
        self.speak()

obj = Speaker()
obj.run()
