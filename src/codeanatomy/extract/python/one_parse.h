/* codeanatomy/extract/python/one_parse.h
 *
 * One parse per file (internal to extract/python). The public C API parses the source once per
 * product: Py_CompileStringObject for the code object, _symtable.symtable for the symbol table,
 * PyCF_ONLY_AST for the `ast`. These functions parse it once and derive all three from the same
 * AST, through the interpreter's internal functions (_PyParser_ASTFromString, _PySymtable_Build,
 * PyAST_mod2obj, _PyAST_Compile): the very calls the public API makes, in the same order, with
 * the same flags, so every product is what the public API returns. The internal functions are
 * not exported by libpython3.11.so: the extractor links CPython statically (libpython3.11-pic.a
 * from libpython3.11-dev). one_parse.c is the only file compiled with Py_BUILD_CORE.
 *
 * Every function needs the GIL; on failure it returns NULL with the Python exception set (the
 * same SyntaxError the public API raises).
 */
#ifndef CODEANATOMY_EXTRACT_PYTHON_ONE_PARSE_H_
#define CODEANATOMY_EXTRACT_PYTHON_ONE_PARSE_H_

#include <Python.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A parsed module: its AST and the arena that owns it. */
typedef struct CaParsedModule CaParsedModule;

/* Parses `text` (UTF-8, NUL-terminated; any coding cookie is ignored) as a module, like
 * Py_CompileStringObject(text, filename, Py_file_input, {PyCF_IGNORE_COOKIE}, 0). */
CaParsedModule* CaParseModule(const char* text, PyObject* filename);

/* The module as `ast` objects, what compile(..., PyCF_ONLY_AST) returns. Call before
 * CaCompileModule, which optimises the AST in place. */
PyObject* CaModuleToAst(CaParsedModule* module);

/* The top (module) entry of the symbol table, what _symtable.symtable(text, filename, "exec")
 * returns. Raises the SyntaxErrors the symbol table finds (e.g. a nonlocal at module level). */
PyObject* CaModuleSymtable(CaParsedModule* module);

/* The code object, what Py_CompileStringObject returns. Optimises the AST in place: call last. */
PyObject* CaCompileModule(CaParsedModule* module);

/* Frees the AST; NULL is allowed. */
void CaFreeParsedModule(CaParsedModule* module);

#ifdef __cplusplus
}
#endif

#endif /* CODEANATOMY_EXTRACT_PYTHON_ONE_PARSE_H_ */
