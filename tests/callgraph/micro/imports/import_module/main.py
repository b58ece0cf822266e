# import a module, call its function through the module.
import mod

mod.func()
