/* codeanatomy/extract/python/one_parse.c: see one_parse.h. Each function mirrors the CPython
 * 3.11 function named in its comment (Python/pythonrun.c, Python/symtable.c), minus the parse. */
#include "codeanatomy/extract/python/one_parse.h"

#include <internal/pycore_ast.h>
#include <internal/pycore_compile.h>
#include <internal/pycore_parser.h>
#include <internal/pycore_pyarena.h>
#include <internal/pycore_symtable.h>

#if PY_MAJOR_VERSION != 3 || PY_MINOR_VERSION != 11
#error "one_parse.c mirrors CPython 3.11 internals; check them against the new version"
#endif

struct CaParsedModule {
  PyArena* arena;
  mod_ty mod;
  PyObject* filename;
};

/* The flags Py_CompileStringObject gets from the extractor, and _symtable.symtable passes for a
 * str source: no flag but PyCF_IGNORE_COOKIE, this interpreter's feature version. */
static PyCompilerFlags SourceFlags(void) {
  PyCompilerFlags flags = _PyCompilerFlags_INIT;
  flags.cf_flags = PyCF_IGNORE_COOKIE;
  return flags;
}

/* Py_CompileStringObject, up to the parse. */
CaParsedModule* CaParseModule(const char* text, PyObject* filename) {
  CaParsedModule* module = PyMem_Calloc(1, sizeof(CaParsedModule));
  if (module == NULL) return (CaParsedModule*)PyErr_NoMemory();
  module->arena = _PyArena_New();
  if (module->arena == NULL) {
    PyMem_Free(module);
    return NULL;
  }
  PyCompilerFlags flags = SourceFlags();
  module->mod = _PyParser_ASTFromString(text, filename, Py_file_input, &flags, module->arena);
  if (module->mod == NULL) {
    CaFreeParsedModule(module);
    return NULL;
  }
  Py_INCREF(filename);
  module->filename = filename;
  return module;
}

/* Py_CompileStringObject with PyCF_ONLY_AST, after the parse. */
PyObject* CaModuleToAst(CaParsedModule* module) { return PyAST_mod2obj(module->mod); }

/* _Py_SymtableStringObjectFlags and symtable_symtable (Modules/symtablemodule.c), after the
 * parse. */
PyObject* CaModuleSymtable(CaParsedModule* module) {
  PyCompilerFlags flags = SourceFlags();
  PyFutureFeatures* future = _PyFuture_FromAST(module->mod, module->filename);
  if (future == NULL) return NULL;
  future->ff_features |= flags.cf_flags;
  struct symtable* st = _PySymtable_Build(module->mod, module->filename, future);
  PyObject_Free((void*)future);
  if (st == NULL) return NULL;
  PyObject* top = (PyObject*)st->st_top;
  Py_INCREF(top);
  _PySymtable_Free(st);
  return top;
}

/* Py_CompileStringObject, after the parse, with optimize = 0 as the extractor always passed (no
 * -O: asserts and __debug__ blocks are compiled). */
PyObject* CaCompileModule(CaParsedModule* module) {
  PyCompilerFlags flags = SourceFlags();
  return (PyObject*)_PyAST_Compile(module->mod, module->filename, &flags, 0, module->arena);
}

void CaFreeParsedModule(CaParsedModule* module) {
  if (module == NULL) return;
  if (module->arena != NULL) _PyArena_Free(module->arena);
  Py_XDECREF(module->filename);
  PyMem_Free(module);
}
