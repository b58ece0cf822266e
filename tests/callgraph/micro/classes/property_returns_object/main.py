# A property returns an object whose method is called.
class Connection:
    def execute(self):
        pass

class Db:
    @property
    def conn(self):
        return Connection()

db = Db()
db.conn.execute()
