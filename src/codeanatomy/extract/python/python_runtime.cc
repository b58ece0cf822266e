#include "codeanatomy/extract/python/python_runtime.h"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/core.h>

namespace codeanatomy::extract::python {

using base::PyRef;
using base::Status;

namespace {

Status PythonFailure(std::string_view what) {
  return Status::FailedPrecondition("embedded CPython {}: {}: {}; check the python3.11 install",
                                    PY_VERSION, what, FetchPythonError());
}

base::Result<PyRef> Attr(PyObject* object, const char* name) {
  PyRef value = PyRef::Steal(PyObject_GetAttrString(object, name));
  if (!value) return PythonFailure(fmt::format("reading attribute {}", name));
  return value;
}

base::Result<long> LongAttr(PyObject* object, const char* name) {
  CA_ASSIGN_OR_RETURN(PyRef value, Attr(object, name));
  const long v = PyLong_AsLong(value.get());
  if (v == -1 && PyErr_Occurred()) return PythonFailure(fmt::format("{} is not an int", name));
  return v;
}

//! The ints of a list/tuple attribute, as a set.
base::Result<std::set<long>> IntSetAttr(PyObject* object, const char* name) {
  CA_ASSIGN_OR_RETURN(PyRef seq, Attr(object, name));
  PyRef fast = PyRef::Steal(PySequence_Fast(seq.get(), name));
  if (!fast) return PythonFailure(fmt::format("{} is not a sequence", name));
  std::set<long> out;
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast.get()); ++i) {
    out.insert(PyLong_AsLong(PySequence_Fast_GET_ITEM(fast.get(), i)));
  }
  if (PyErr_Occurred()) return PythonFailure(fmt::format("{} holds a non-int", name));
  return out;
}

//! The strings of a sequence of str (or of the `index`-th item of each tuple when index >= 0).
base::Result<std::vector<std::string>> StringsAttr(PyObject* object, const char* name,
                                                   int index = -1) {
  CA_ASSIGN_OR_RETURN(PyRef seq, Attr(object, name));
  PyRef fast = PyRef::Steal(PySequence_Fast(seq.get(), name));
  if (!fast) return PythonFailure(fmt::format("{} is not a sequence", name));
  std::vector<std::string> out;
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast.get()); ++i) {
    PyObject* item = PySequence_Fast_GET_ITEM(fast.get(), i);
    if (index >= 0) {
      if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) <= index) {
        return Status::FailedPrecondition("embedded CPython: {}[{}] is not a tuple", name, i);
      }
      item = PyTuple_GET_ITEM(item, index);
    }
    if (!PyUnicode_Check(item)) {
      return Status::FailedPrecondition("embedded CPython: {}[{}] is not a str", name, i);
    }
    out.emplace_back(Utf8View(item));
  }
  return out;
}

PyRef Intern(const char* text) { return PyRef::Steal(PyUnicode_InternFromString(text)); }

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

std::string FetchPythonError() {
  if (!PyErr_Occurred()) return "";
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyRef t = PyRef::Steal(type), v = PyRef::Steal(value), tb = PyRef::Steal(traceback);
  std::string name =
      type && PyType_Check(type) ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "exception";
  std::string message = v ? PyStr(v.get()) : "";
  return message.empty() ? name : name + ": " + message;
}

std::string_view Utf8View(PyObject* str) {
  if (str == nullptr || !PyUnicode_Check(str)) return {};
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(str, &size);
  if (data == nullptr) {
    PyErr_Clear();
    return {};
  }
  return std::string_view(data, static_cast<size_t>(size));
}

std::string PyStr(PyObject* object, std::string_view fallback) {
  PyRef s = PyRef::Steal(PyObject_Str(object));
  if (!s) {
    PyErr_Clear();
    return std::string(fallback);
  }
  return std::string(Utf8View(s.get()));
}

std::string PyRepr(PyObject* object, std::string_view fallback) {
  PyRef s = PyRef::Steal(PyObject_Repr(object));
  if (!s) {
    PyErr_Clear();
    return std::string(fallback);
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(s.get(), &size);
  if (data == nullptr) {
    // A repr with lone surrogates: escape them rather than fail.
    PyErr_Clear();
    PyRef bytes = PyRef::Steal(PyUnicode_AsEncodedString(s.get(), "utf-8", "backslashreplace"));
    if (!bytes) {
      PyErr_Clear();
      return std::string(fallback);
    }
    return std::string(PyBytes_AS_STRING(bytes.get()),
                       static_cast<size_t>(PyBytes_GET_SIZE(bytes.get())));
  }
  return std::string(data, static_cast<size_t>(size));
}

std::string ConstantRepr(PyObject* object) {
  const bool frozenset = PyFrozenSet_CheckExact(object) && PySet_GET_SIZE(object) > 0;
  if (!frozenset && !PyTuple_CheckExact(object)) return PyRepr(object);
  std::vector<std::string> items;
  if (frozenset) {
    PyRef it = PyRef::Steal(PyObject_GetIter(object));
    if (!it) return PyRepr(object);
    while (PyRef item = PyRef::Steal(PyIter_Next(it.get())))
      items.push_back(ConstantRepr(item.get()));
    if (PyErr_Occurred()) return PyRepr(object);
    std::sort(items.begin(), items.end());
  } else {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(object); ++i) {
      items.push_back(ConstantRepr(PyTuple_GET_ITEM(object, i)));
    }
  }
  std::string out = frozenset ? "frozenset({" : "(";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  out += frozenset ? "})" : items.size() == 1 ? ",)" : ")";
  return out;
}

base::Result<PythonRuntime*> PythonRuntime::Get() {
  struct State {
    PythonRuntime* runtime = nullptr;
    Status status;
  };
  static const State state = [] {
    State s;
    // Never deleted: its references live as long as the interpreter (a failed one is leaked, as
    // releasing its references would need the GIL).
    auto* runtime = new PythonRuntime();
    s.status = runtime->Init();
    if (s.status.ok()) s.runtime = runtime;
    return s;
  }();
  if (!state.status.ok()) return state.status;
  return state.runtime;
}

Status PythonRuntime::Init() {
  if (!Py_IsInitialized()) {
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.use_hash_seed = 1;  // set reprs must not depend on a random seed
    config.hash_seed = 0;
    config.site_import = 0;
    config.user_site_directory = 0;
    config.write_bytecode = 0;
    config.install_signal_handlers = 0;  // Ctrl-C stays ours
    PyStatus st = PyWideStringList_Append(&config.warnoptions, L"ignore");
    if (!PyStatus_Exception(st)) st = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(st)) {
      return Status::FailedPrecondition(
          "cannot start the embedded CPython {}: {}; check that Debian's python3.11 (its "
          "standard library under /usr/lib/python3.11) is installed",
          PY_VERSION, st.err_msg ? st.err_msg : "unknown error");
    }
    // Py_InitializeFromConfig left this thread holding the GIL: release it for PythonGil users.
    PyEval_SaveThread();
  }
  PythonGil gil;
  const std::string_view version = Py_GetVersion();
  if (version.substr(0, 5) != "3.11." && version.substr(0, 5) != "3.11 ") {
    return Status::FailedPrecondition(
        "the embedded CPython is {} but this build decodes 3.11 bytecode; link Debian's "
        "libpython3.11 (libpython3.11-dev)",
        version.substr(0, version.find(' ')));
  }

  PyRef opcode = PyRef::Steal(PyImport_ImportModule("opcode"));
  if (!opcode) return PythonFailure("importing opcode");
  PyRef dis = PyRef::Steal(PyImport_ImportModule("dis"));
  if (!dis) return PythonFailure("importing dis");
  PyRef symtable = PyRef::Steal(PyImport_ImportModule("_symtable"));
  if (!symtable) return PythonFailure("importing _symtable");
  PyRef ast = PyRef::Steal(PyImport_ImportModule("_ast"));
  if (!ast) return PythonFailure("importing _ast");

  // --- Opcode table: what dis knows, read from the running interpreter. ---
  CA_ASSIGN_OR_RETURN(std::vector<std::string> all_opname, StringsAttr(dis.get(), "_all_opname"));
  if (all_opname.size() != 256) {
    return Status::FailedPrecondition("embedded CPython: dis._all_opname has {} entries, not 256",
                                      all_opname.size());
  }
  CA_ASSIGN_OR_RETURN(PyRef all_opmap, Attr(dis.get(), "_all_opmap"));
  CA_ASSIGN_OR_RETURN(PyRef deoptmap, Attr(dis.get(), "deoptmap"));
  CA_ASSIGN_OR_RETURN(PyRef cache_entries, Attr(opcode.get(), "_inline_cache_entries"));
  CA_ASSIGN_OR_RETURN(long have_argument, LongAttr(opcode.get(), "HAVE_ARGUMENT"));
  CA_ASSIGN_OR_RETURN(long extended_arg, LongAttr(opcode.get(), "EXTENDED_ARG"));
  CA_ASSIGN_OR_RETURN(auto hasconst, IntSetAttr(opcode.get(), "hasconst"));
  CA_ASSIGN_OR_RETURN(auto hasname, IntSetAttr(opcode.get(), "hasname"));
  CA_ASSIGN_OR_RETURN(auto hasjrel, IntSetAttr(opcode.get(), "hasjrel"));
  CA_ASSIGN_OR_RETURN(auto hasjabs, IntSetAttr(opcode.get(), "hasjabs"));
  CA_ASSIGN_OR_RETURN(auto haslocal, IntSetAttr(opcode.get(), "haslocal"));
  CA_ASSIGN_OR_RETURN(auto hasfree, IntSetAttr(opcode.get(), "hasfree"));
  CA_ASSIGN_OR_RETURN(auto hascompare, IntSetAttr(opcode.get(), "hascompare"));
  CA_ASSIGN_OR_RETURN(opcodes_.cmp_op, StringsAttr(opcode.get(), "cmp_op"));
  CA_ASSIGN_OR_RETURN(opcodes_.binary_op_symbols, StringsAttr(opcode.get(), "_nb_ops", 1));
  CA_ASSIGN_OR_RETURN(opcodes_.make_function_flags, StringsAttr(dis.get(), "MAKE_FUNCTION_FLAGS"));
  opcodes_.extended_arg = static_cast<int>(extended_arg);

  auto opnum = [&](const char* name) -> long {
    PyObject* v = PyDict_GetItemString(all_opmap.get(), name);  // borrowed
    return v ? PyLong_AsLong(v) : -1;
  };
  const long load_const = opnum("LOAD_CONST"), load_global = opnum("LOAD_GLOBAL");
  const long format_value = opnum("FORMAT_VALUE"), make_function = opnum("MAKE_FUNCTION");
  const long binary_op = opnum("BINARY_OP");

  for (int op = 0; op < 256; ++op) {
    OpInfo& info = opcodes_.ops[static_cast<size_t>(op)];
    info.name = all_opname[static_cast<size_t>(op)];
    info.deopt = static_cast<uint8_t>(op);
    PyRef key = PyRef::Steal(PyUnicode_FromString(info.name.c_str()));
    if (PyObject* base_name = PyDict_GetItemWithError(deoptmap.get(), key.get())) {
      const long base = opnum(std::string(Utf8View(base_name)).c_str());
      if (base < 0 || base > 255) {
        return Status::FailedPrecondition("embedded CPython: no opcode for {}",
                                          Utf8View(base_name));
      }
      info.deopt = static_cast<uint8_t>(base);
    }
    PyRef caches = PyRef::Steal(PySequence_GetItem(cache_entries.get(), info.deopt));
    if (!caches) return PythonFailure("reading opcode._inline_cache_entries");
    info.caches = static_cast<uint8_t>(PyLong_AsLong(caches.get()));
    info.backward = Contains(info.name, "JUMP_BACKWARD");
    if (info.deopt != op) continue;  // specialized forms are read through their base opcode

    const bool jump = hasjrel.count(op) || hasjabs.count(op);
    if (op < have_argument) {
      info.arg_kind = ArgKind::kNone;
    } else if (op == load_const) {
      info.arg_kind = ArgKind::kConst;
    } else if (hasconst.count(op)) {
      info.arg_kind = ArgKind::kKwNames;
    } else if (hasname.count(op)) {
      info.arg_kind = op == load_global ? ArgKind::kGlobalName : ArgKind::kName;
    } else if (hasjabs.count(op)) {
      info.arg_kind = ArgKind::kJumpAbsolute;
    } else if (hasjrel.count(op)) {
      info.arg_kind = ArgKind::kJumpRelative;
    } else if (haslocal.count(op) || hasfree.count(op)) {
      info.arg_kind = ArgKind::kLocal;
    } else if (hascompare.count(op)) {
      info.arg_kind = ArgKind::kCompare;
    } else if (op == format_value) {
      info.arg_kind = ArgKind::kFormatValue;
    } else if (op == make_function) {
      info.arg_kind = ArgKind::kMakeFunction;
    } else if (op == binary_op) {
      info.arg_kind = ArgKind::kBinaryOp;
    } else {
      info.arg_kind = ArgKind::kPlain;
    }

    const std::string_view n = info.name;
    if (n == "RETURN_VALUE" || n == "RETURN_CONST") {
      info.flow = FlowKind::kReturn;
    } else if (n == "RAISE_VARARGS" || n == "RERAISE") {
      info.flow = FlowKind::kRaise;
    } else if (jump) {
      if (n == "FOR_ITER" || n == "SEND") {
        info.flow = FlowKind::kJumpWhenExhausted;
      } else if (Contains(n, "IF_FALSE")) {
        info.flow = FlowKind::kJumpWhenFalse;
      } else if (Contains(n, "IF_TRUE") || Contains(n, "IF_NONE") || Contains(n, "IF_NOT_NONE")) {
        info.flow = FlowKind::kJumpWhenTrue;
      } else if (n.substr(0, 5) == "JUMP_" && !Contains(n, "IF")) {
        info.flow = FlowKind::kJump;
      } else {
        return Status::FailedPrecondition(
            "embedded CPython: jump opcode {} has no known control flow; this build knows 3.11", n);
      }
    }
  }

  // FORMAT_VALUE: dis shows argval = (converter, bool(arg & 4)), argrepr = 'str, with format'.
  CA_ASSIGN_OR_RETURN(PyRef converters, Attr(dis.get(), "FORMAT_VALUE_CONVERTERS"));
  for (int arg = 0; arg < 8; ++arg) {
    PyRef pair = PyRef::Steal(PySequence_GetItem(converters.get(), arg & 3));
    if (!pair || !PyTuple_Check(pair.get()) || PyTuple_GET_SIZE(pair.get()) != 2) {
      return PythonFailure("reading dis.FORMAT_VALUE_CONVERTERS");
    }
    const bool with_format = (arg & 4) != 0;
    PyRef argval = PyRef::Steal(
        PyTuple_Pack(2, PyTuple_GET_ITEM(pair.get(), 0), with_format ? Py_True : Py_False));
    opcodes_.format_value_argval[static_cast<size_t>(arg)] = PyRepr(argval.get());
    std::string argrepr(Utf8View(PyTuple_GET_ITEM(pair.get(), 1)));
    if (with_format) argrepr += argrepr.empty() ? "with format" : ", with format";
    opcodes_.format_value_argrepr[static_cast<size_t>(arg)] = std::move(argrepr);
  }

  // --- _symtable constants ---
  SymtableConstants& c = symtable_;
  const std::pair<long*, const char*> constants[] = {
      {&c.use, "USE"},
      {&c.def_global, "DEF_GLOBAL"},
      {&c.def_nonlocal, "DEF_NONLOCAL"},
      {&c.def_local, "DEF_LOCAL"},
      {&c.def_param, "DEF_PARAM"},
      {&c.def_import, "DEF_IMPORT"},
      {&c.def_bound, "DEF_BOUND"},
      {&c.def_annot, "DEF_ANNOT"},
      {&c.scope_off, "SCOPE_OFF"},
      {&c.scope_mask, "SCOPE_MASK"},
      {&c.scope_free, "FREE"},
      {&c.scope_local, "LOCAL"},
      {&c.scope_global_implicit, "GLOBAL_IMPLICIT"},
      {&c.scope_global_explicit, "GLOBAL_EXPLICIT"},
      {&c.scope_cell, "CELL"},
      {&c.type_function, "TYPE_FUNCTION"},
      {&c.type_class, "TYPE_CLASS"},
      {&c.type_module, "TYPE_MODULE"},
  };
  for (const auto& [slot, name] : constants) {
    CA_ASSIGN_OR_RETURN(*slot, LongAttr(symtable.get(), name));
  }
  CA_ASSIGN_OR_RETURN(ast_type_, Attr(ast.get(), "AST"));

  names_.name = Intern("name");
  names_.type = Intern("type");
  names_.lineno = Intern("lineno");
  names_.nested = Intern("nested");
  names_.children = Intern("children");
  names_.symbols = Intern("symbols");
  names_.fields = Intern("_fields");
  names_.attributes = Intern("_attributes");
  names_.col_offset = Intern("col_offset");
  names_.end_lineno = Intern("end_lineno");
  names_.end_col_offset = Intern("end_col_offset");
  names_.id = Intern("id");
  names_.attr = Intern("attr");
  names_.arg = Intern("arg");
  names_.module = Intern("module");
  names_.value = Intern("value");
  if (PyErr_Occurred()) return PythonFailure("interning attribute names");
  return Status::Ok();
}

}  // namespace codeanatomy::extract::python
