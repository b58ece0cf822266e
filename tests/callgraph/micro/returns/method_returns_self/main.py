# Fluent interface: methods return self.
class Query:
    def where(self):
        return self

    def order(self):
        return self

    def run(self):
        pass

Query().where().order().run()
