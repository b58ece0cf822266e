class Base:
    def helper(self):
        pass
