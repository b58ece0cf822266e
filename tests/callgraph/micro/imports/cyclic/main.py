# Two modules import each other.
import a

a.start()
