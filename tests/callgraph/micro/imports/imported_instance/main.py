# A module-level instance imported from another module.
from config import settings

settings.reload()
