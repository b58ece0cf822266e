# A relative import from the parent package.
from pkg.sub.worker import work

work()
