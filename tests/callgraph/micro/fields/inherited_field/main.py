# A field set by the base constructor, used by the subclass.
class Db:
    def query(self):
        pass

class Repo:
    def __init__(self):
        self.db = Db()

class UserRepo(Repo):
    def find(self):
        self.db.query()

obj = UserRepo()
obj.find()
