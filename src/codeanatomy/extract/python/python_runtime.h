// codeanatomy/extract/python/python_runtime.h
//
// The embedded CPython interpreter of this process (internal to extract/python). Initialised once,
// isolated from the environment (PyConfig_InitIsolatedConfig: no PYTHON* variables, no site, no
// user site), with a fixed hash seed so that reprs of sets are the same in every run, warnings
// ignored and no signal handlers installed. It is never finalised: the interpreter lives until the
// process exits. After initialisation no thread holds the GIL: take a PythonGil around every use.
#pragma once

#include <string>

#include "codeanatomy/base/py_handles.h"
#include "codeanatomy/base/status.h"
#include "codeanatomy/extract/python/bytecode.h"

namespace codeanatomy::extract::python {

//! The constants of the `_symtable` module (Include/internal/pycore_symtable.h).
struct SymtableConstants {
  long use = 0, def_global = 0, def_nonlocal = 0, def_local = 0, def_param = 0, def_import = 0,
       def_bound = 0, def_annot = 0;
  long scope_off = 0, scope_mask = 0;
  long scope_free = 0, scope_local = 0, scope_global_implicit = 0, scope_global_explicit = 0,
       scope_cell = 0;
  long type_function = 0, type_class = 0, type_module = 0;
};

class PythonRuntime {
 public:
  //! The process's runtime, initialising the interpreter on the first call. Fails when CPython
  //! cannot start (its standard library is missing) or lacks a module we read tables from.
  static base::Result<PythonRuntime*> Get();

  const OpcodeTable& opcodes() const { return opcodes_; }
  const SymtableConstants& symtable() const { return symtable_; }
  //! ast.AST, for the AST walker's instance checks.
  PyObject* ast_base_type() const { return ast_type_.get(); }

  //! Interned attribute names used by the walkers.
  struct Names {
    base::PyRef name, type, lineno, nested, children, symbols, fields, attributes, col_offset,
        end_lineno, end_col_offset, id, attr, arg, module, value;
  };
  const Names& names() const { return names_; }

 private:
  PythonRuntime() = default;
  base::Status Init();

  OpcodeTable opcodes_;
  SymtableConstants symtable_;
  base::PyRef ast_type_;
  Names names_;
};

//! Holds the GIL for its lifetime (PyGILState_Ensure / PyGILState_Release).
class PythonGil {
 public:
  PythonGil() : state_(PyGILState_Ensure()) {}
  ~PythonGil() { PyGILState_Release(state_); }
  PythonGil(const PythonGil&) = delete;
  PythonGil& operator=(const PythonGil&) = delete;

 private:
  PyGILState_STATE state_;
};

//! The current Python exception as "Type: message", cleared; "" when none is set.
std::string FetchPythonError();

//! str(object) / repr(object) as UTF-8; on failure the error is cleared and `fallback` returned.
std::string PyStr(PyObject* object, std::string_view fallback = "<str failed>");
std::string PyRepr(PyObject* object, std::string_view fallback = "<repr failed>");
//! repr() of a code object's constant, except that the elements of a frozenset (also inside a
//! tuple) are listed sorted by their own rendering: CPython lists them in hash order, and
//! hash(None) is an address, which moves with the binary's layout (and, in large sets, with ASLR).
std::string ConstantRepr(PyObject* object);

//! The UTF-8 view of a str object (cached by CPython; valid while the object lives). Empty and
//! the error cleared when it is not a str or cannot be encoded (lone surrogates).
std::string_view Utf8View(PyObject* str);

}  // namespace codeanatomy::extract::python
