# An imported class: constructor and method.
from models import User

u = User("ann")
u.save()
