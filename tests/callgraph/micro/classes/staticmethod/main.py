# A staticmethod called through the class and through an instance.
class Util:
    @staticmethod
    def helper():
        pass

Util.helper()
obj = Util()
obj.helper()
