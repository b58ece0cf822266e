# A function stored into another module's global, called from that module.
import plugins

def local_hook():
    pass

plugins.run()
plugins.hook = local_hook
plugins.run()
