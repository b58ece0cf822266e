"""Properties with setters and deleters, class and static methods, a cached property."""
from functools import cached_property


class Account:
    rate = 0.01

    def __init__(self, owner, balance=0):
        self._owner = owner
        self._balance = balance

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative balance")
        self._balance = value

    @balance.deleter
    def balance(self):
        del self._balance

    @property
    def owner(self):
        return self._owner.title()

    @cached_property
    def statement(self):
        return f"{self.owner}: {self.balance}"

    @classmethod
    def empty(cls, owner):
        return cls(owner)

    @staticmethod
    def interest(amount):
        return amount * Account.rate


acct = Account.empty("ada")
acct.balance = 10
print(acct.balance, acct.statement, Account.interest(acct.balance))
del acct.balance
