#include "codeanatomy/extract/python/file_extractor.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>
#include <time.h>

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/extract/python/bytecode.h"
#include "codeanatomy/extract/python/one_parse.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/rows_python.h"

namespace codeanatomy::extract::python {

using base::Column;
using base::PyRef;
using base::StableId;
using base::Table;

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int64_t ByteOffsetOfLineColumn(std::string_view text, int64_t line, int64_t column) {
  size_t pos = 0;
  for (int64_t l = 1; l < line && pos < text.size(); ++l) {
    while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r') ++pos;
    if (pos < text.size() && text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') {
      ++pos;
    }
    if (pos < text.size()) ++pos;
  }
  // Advance column - 1 code points, staying on the line.
  for (int64_t c = 1; c < column && pos < text.size() && text[pos] != '\n' && text[pos] != '\r';
       ++c) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  return static_cast<int64_t>(pos);
}

namespace {

//! Owns a parsed module (one_parse.h); free it with the GIL held.
struct ParsedModuleDeleter {
  void operator()(CaParsedModule* module) const { CaFreeParsedModule(module); }
};
using ParsedModule = std::unique_ptr<CaParsedModule, ParsedModuleDeleter>;

//! An int CPython gives as -1 for "None", as a nullable cell.
std::optional<int32_t> NoneIfNegative(int32_t v) {
  return v < 0 ? std::nullopt : std::optional<int32_t>(v);
}

std::string ChildPath(const std::string& parent, size_t index) {
  return parent.empty() ? std::to_string(index) : parent + "/" + std::to_string(index);
}

//! An attribute of a Python object (new reference; null with the error cleared on failure).
PyRef GetAttr(PyObject* object, PyObject* name) {
  PyRef v = PyRef::Steal(PyObject_GetAttr(object, name));
  if (!v) PyErr_Clear();
  return v;
}

long AsLong(PyObject* object, long fallback = -1) {
  if (object == nullptr || !PyLong_Check(object)) return fallback;
  const long v = PyLong_AsLong(object);
  if (v == -1 && PyErr_Occurred()) {
    PyErr_Clear();
    return fallback;
  }
  return v;
}

// ------------------------------------------------------------------------------------------------
// symtable

//! The scope tree as walked, for matching code objects to their scopes. Index 0 is the module.
struct ScopeNode {
  std::string name;  // symtable's name: top, f, lambda, listcomp, …
  uint64_t scope_id = 0;
  std::vector<size_t> children;  // indexes into the tree
};

class SymtableWalker {
 public:
  SymtableWalker(const PythonRuntime& rt, const FileInput& file, PythonTables* out,
                 std::vector<ScopeNode>* tree)
      : tree_(*tree),
        rt_(rt),
        k_(rt.symtable()),
        file_(file),
        scopes_(out->sym_scopes),
        symbols_(out->sym_symbols),
        scope_edges_(out->sym_scope_edges),
        ns_edges_(out->sym_namespace_edges) {}

  //! False when the symbol table objects do not look like 3.11's.
  bool Walk(PyObject* top) {
    tree_.clear();
    return WalkScope(top, std::nullopt, "", 0);
  }

 private:
  bool WalkScope(PyObject* ste, std::optional<uint64_t> parent, const std::string& nesting,
                 size_t child_index) {
    const auto& n = rt_.names();
    PyRef name = GetAttr(ste, n.name.get());
    PyRef type = GetAttr(ste, n.type.get());
    PyRef lineno = GetAttr(ste, n.lineno.get());
    PyRef nested = GetAttr(ste, n.nested.get());
    PyRef children = GetAttr(ste, n.children.get());
    PyRef symbols = GetAttr(ste, n.symbols.get());
    if (!name || !type || !lineno || !nested || !children || !PyList_Check(children.get()) ||
        !symbols || !PyDict_Check(symbols.get())) {
      return false;
    }
    const long type_code = AsLong(type.get());
    const char* scope_type = type_code == k_.type_module     ? "module"
                             : type_code == k_.type_class    ? "class"
                             : type_code == k_.type_function ? "function"
                                                             : nullptr;
    if (scope_type == nullptr) return false;
    const bool module_scope = type_code == k_.type_module;
    const uint64_t scope_id = StableId("sym_scope", file_.path, nesting);
    const Py_ssize_t nchildren = PyList_GET_SIZE(children.get());
    const size_t node = tree_.size();
    if (node > 0) tree_[parent_node_].children.push_back(node);
    tree_.push_back(ScopeNode{std::string(Utf8View(name.get())), scope_id, {}});

    scopes_.Append({.scope_id = scope_id,
                    .file_id = file_.file_id,
                    .path = file_.path,
                    .parent_scope_id = parent,
                    .scope_type = scope_type,
                    .name = Utf8View(name.get()),
                    .lineno = static_cast<int32_t>(AsLong(lineno.get(), 0)),
                    .child_index = static_cast<int32_t>(child_index),
                    .nesting_path = nesting,
                    .is_nested = PyObject_IsTrue(nested.get()) == 1,
                    .is_optimized = type_code == k_.type_function,
                    .has_children = nchildren > 0});
    if (parent) {
      scope_edges_.Append({.edge_id = StableId("sym_scope_edge", *parent, scope_id),
                           .file_id = file_.file_id,
                           .path = file_.path,
                           .parent_scope_id = *parent,
                           .child_scope_id = scope_id});
    }

    // Children's names, for is_namespace and the namespace edges: (name, child index) sorted.
    std::vector<std::pair<std::string_view, size_t>> child_names;
    std::vector<std::string> child_paths;
    std::vector<PyRef> child_name_refs;  // keep the UTF-8 views alive
    child_names.reserve(static_cast<size_t>(nchildren));
    for (Py_ssize_t i = 0; i < nchildren; ++i) {
      PyRef child_name = GetAttr(PyList_GET_ITEM(children.get(), i), n.name.get());
      if (!child_name) return false;
      child_names.emplace_back(Utf8View(child_name.get()), static_cast<size_t>(i));
      child_name_refs.push_back(std::move(child_name));
      child_paths.push_back(ChildPath(nesting, static_cast<size_t>(i)));
    }
    std::sort(child_names.begin(), child_names.end());

    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(symbols.get(), &pos, &key, &value)) {
      const std::string_view sym = Utf8View(key);
      const long flags = AsLong(value, 0);
      const long scope = (flags >> k_.scope_off) & k_.scope_mask;
      const bool bound_at_module = module_scope && (flags & k_.def_bound) != 0;
      auto range = std::equal_range(child_names.begin(), child_names.end(),
                                    std::pair<std::string_view, size_t>(sym, 0),
                                    [](const auto& a, const auto& b) { return a.first < b.first; });
      const uint64_t symbol_id = StableId("sym_symbol", scope_id, sym);
      symbols_.Append(
          {.symbol_id = symbol_id,
           .file_id = file_.file_id,
           .path = file_.path,
           .scope_id = scope_id,
           .name = sym,
           .flags = static_cast<int32_t>(flags),
           .is_referenced = (flags & k_.use) != 0,
           .is_assigned = (flags & k_.def_local) != 0,
           .is_imported = (flags & k_.def_import) != 0,
           .is_annotated = (flags & k_.def_annot) != 0,
           .is_parameter = (flags & k_.def_param) != 0,
           .is_global = scope == k_.scope_global_implicit || scope == k_.scope_global_explicit ||
                        bound_at_module,
           .is_declared_global = scope == k_.scope_global_explicit,
           .is_nonlocal = (flags & k_.def_nonlocal) != 0,
           .is_local = scope == k_.scope_local || scope == k_.scope_cell || bound_at_module,
           .is_free = scope == k_.scope_free,
           .is_cell = scope == k_.scope_cell,
           .is_namespace = range.first != range.second});
      for (auto it = range.first; it != range.second; ++it) {
        const uint64_t child_id = StableId("sym_scope", file_.path, child_paths[it->second]);
        ns_edges_.Append({.edge_id = StableId("sym_namespace_edge", symbol_id, child_id),
                          .file_id = file_.file_id,
                          .path = file_.path,
                          .scope_id = scope_id,
                          .symbol_id = symbol_id,
                          .child_scope_id = child_id});
      }
    }
    if (PyErr_Occurred()) return false;

    for (Py_ssize_t i = 0; i < nchildren; ++i) {
      parent_node_ = node;
      if (!WalkScope(PyList_GET_ITEM(children.get(), i), scope_id,
                     child_paths[static_cast<size_t>(i)], static_cast<size_t>(i))) {
        return false;
      }
    }
    return true;
  }

  std::vector<ScopeNode>& tree_;
  size_t parent_node_ = 0;

  const PythonRuntime& rt_;
  const SymtableConstants& k_;
  const FileInput& file_;
  schema::RowWriter<schema::SymScopesRow> scopes_;
  schema::RowWriter<schema::SymSymbolsRow> symbols_;
  schema::RowWriter<schema::SymScopeEdgesRow> scope_edges_;
  schema::RowWriter<schema::SymNamespaceEdgesRow> ns_edges_;
};

// ------------------------------------------------------------------------------------------------
// bytecode

class CodeWalker {
 public:
  CodeWalker(const PythonRuntime& rt, const FileInput& file, PythonTables* out,
             const std::vector<ScopeNode>& scopes)
      : scopes_(scopes),
        ops_(rt.opcodes()),
        file_(file),
        units_(out->bc_code_units),
        instrs_(out->bc_instructions),
        excs_(out->bc_exception_table),
        blocks_(out->bc_blocks),
        edges_(out->bc_cfg_edges) {}

  //! False when a code object does not look like 3.11's.
  bool Walk(PyCodeObject* module) {
    return WalkCode(module, std::nullopt, "", 0,
                    scopes_.empty() ? std::nullopt : std::optional<size_t>(0));
  }

 private:
  //! The symtable name of the block a code object compiles: `<lambda>` -> `lambda`, `<module>`
  //! -> `top`, a def or class keeps its name.
  static std::string_view ScopeName(std::string_view co_name) {
    if (co_name == "<module>") return "top";
    if (co_name.size() > 2 && co_name.front() == '<' && co_name.back() == '>') {
      return co_name.substr(1, co_name.size() - 2);
    }
    return co_name;
  }

  bool WalkCode(PyCodeObject* co, std::optional<uint64_t> parent, const std::string& nesting,
                size_t child_index, std::optional<size_t> scope) {
    PyRef code_bytes = PyRef::Steal(PyCode_GetCode(co));
    if (!code_bytes || !PyBytes_Check(code_bytes.get()) || !PyBytes_Check(co->co_linetable) ||
        !PyBytes_Check(co->co_exceptiontable) || !PyTuple_Check(co->co_consts) ||
        !PyTuple_Check(co->co_names) || !PyTuple_Check(co->co_localsplusnames)) {
      PyErr_Clear();
      return false;
    }
    auto bytes_view = [](PyObject* b) {
      return std::string_view(PyBytes_AS_STRING(b), static_cast<size_t>(PyBytes_GET_SIZE(b)));
    };
    const std::string_view code = bytes_view(code_bytes.get());
    const DecodedCode d = DecodeCode(ops_, code, bytes_view(co->co_linetable), co->co_firstlineno,
                                     bytes_view(co->co_exceptiontable));
    const uint64_t unit_id = StableId("bc_code", file_.path, nesting);

    units_.Append(
        {.code_unit_id = unit_id,
         .file_id = file_.file_id,
         .path = file_.path,
         .parent_code_unit_id = parent,
         .scope_id = scope ? std::optional<uint64_t>(scopes_[*scope].scope_id) : std::nullopt,
         .nesting_path = nesting,
         .child_index = static_cast<int32_t>(child_index),
         .co_name = Utf8View(co->co_name),
         .co_qualname = Utf8View(co->co_qualname),
         .first_line = co->co_firstlineno,
         .argcount = co->co_argcount,
         .posonlyargcount = co->co_posonlyargcount,
         .kwonlyargcount = co->co_kwonlyargcount,
         .nlocals = co->co_nlocals,
         .stacksize = co->co_stacksize,
         .flags = co->co_flags,
         .code_len = static_cast<int32_t>(code.size())});

    const_reprs_.assign(static_cast<size_t>(PyTuple_GET_SIZE(co->co_consts)), std::nullopt);
    for (size_t i = 0; i < d.instructions.size(); ++i) {
      AppendInstruction(co, unit_id, static_cast<int32_t>(i), d.instructions[i]);
    }
    for (size_t k = 0; k < d.exceptions.size(); ++k) {
      const ExceptionEntry& e = d.exceptions[k];
      const auto index = static_cast<int32_t>(k);
      excs_.Append({.entry_id = StableId("bc_exc_entry", unit_id, index),
                    .file_id = file_.file_id,
                    .path = file_.path,
                    .code_unit_id = unit_id,
                    .entry_index = index,
                    .start_offset = e.start,
                    .end_offset = e.end,
                    .target_offset = e.target,
                    .depth = e.depth,
                    .lasti = e.lasti});
    }
    block_ids_.clear();
    for (const Block& b : d.blocks) {
      const uint64_t block_id = StableId("bc_block", unit_id, b.start);
      block_ids_.push_back(block_id);
      blocks_.Append({.block_id = block_id,
                      .file_id = file_.file_id,
                      .path = file_.path,
                      .code_unit_id = unit_id,
                      .start_offset = b.start,
                      .end_offset = b.end,
                      .kind = Name(b.kind),
                      .first_instr_index = b.first_instr,
                      .last_instr_index = b.last_instr});
    }
    for (const CfgEdge& e : d.edges) {
      const uint64_t src = block_ids_[static_cast<size_t>(e.src_block)];
      const uint64_t dst = block_ids_[static_cast<size_t>(e.dst_block)];
      const std::string_view kind = Name(e.kind);
      edges_.Append({.edge_id = StableId("bc_cfg_edge", unit_id, src, dst, kind, e.exc_entry),
                     .file_id = file_.file_id,
                     .path = file_.path,
                     .code_unit_id = unit_id,
                     .src_block_id = src,
                     .dst_block_id = dst,
                     .kind = kind,
                     .cond_offset = e.cond_offset,
                     .exc_entry_index = e.exc_entry});
    }

    // A child code object compiles the k-th child scope of the same name (scopes and code
    // objects can come in different orders, and a block the compiler drops, as under `if 0:`,
    // has a scope but no code).
    // Child scopes by name, in order, and how many of each name code objects matched so far:
    // a lookup per code object, not a scan of the siblings (a module may define 50,000 functions).
    struct SameName {
      std::vector<size_t> scopes;
      size_t matched = 0;
    };
    std::unordered_map<std::string_view, SameName> by_name;
    if (scope) {
      for (size_t k : scopes_[*scope].children) by_name[scopes_[k].name].scopes.push_back(k);
    }
    size_t code_children = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(co->co_consts); ++i) {
      PyObject* c = PyTuple_GET_ITEM(co->co_consts, i);
      if (!PyCode_Check(c)) continue;
      auto* child = reinterpret_cast<PyCodeObject*>(c);
      std::optional<size_t> child_scope;
      if (scope) {
        SameName& same = by_name[ScopeName(Utf8View(child->co_name))];
        if (same.matched < same.scopes.size()) child_scope = same.scopes[same.matched];
        ++same.matched;
      }
      if (!WalkCode(child, unit_id, ChildPath(nesting, code_children), code_children,
                    child_scope)) {
        return false;
      }
      ++code_children;
    }
    return true;
  }

  const std::vector<ScopeNode>& scopes_;

  //! ConstantRepr() of co_consts[index], cached per code object. Code objects render without
  //! their address, which would differ between runs.
  const std::string& ConstRepr(PyCodeObject* co, size_t index) {
    auto& slot = const_reprs_[index];
    if (!slot) {
      PyObject* c = PyTuple_GET_ITEM(co->co_consts, static_cast<Py_ssize_t>(index));
      if (PyCode_Check(c)) {
        auto* child = reinterpret_cast<PyCodeObject*>(c);
        slot = fmt::format("<code object {}, file \"{}\", line {}>", Utf8View(child->co_name),
                           Utf8View(child->co_filename), child->co_firstlineno);
      } else {
        slot = ConstantRepr(c);
      }
    }
    return *slot;
  }

  static std::string_view TupleStr(PyObject* tuple, int64_t index) {
    if (index < 0 || index >= PyTuple_GET_SIZE(tuple)) return {};
    return Utf8View(PyTuple_GET_ITEM(tuple, static_cast<Py_ssize_t>(index)));
  }

  void AppendInstruction(PyCodeObject* co, uint64_t unit_id, int32_t index,
                         const Instruction& ins) {
    const OpInfo& op = ops_.ops[ins.opcode];
    const OpInfo& base_op = ops_.ops[op.deopt];

    // argval / argrepr as dis._get_instructions_bytes computes them.
    std::optional<std::string_view> argval;
    std::string_view argrepr;
    argval_.clear();
    argrepr_.clear();
    if (ins.arg) {
      const int64_t arg = *ins.arg;
      auto plain = [&] {
        argval_ = std::to_string(arg);
        argval = argval_;
      };
      switch (base_op.arg_kind) {
        case ArgKind::kNone:
        case ArgKind::kPlain:
          plain();
          break;
        case ArgKind::kConst:
        case ArgKind::kKwNames:
          if (arg >= 0 && arg < PyTuple_GET_SIZE(co->co_consts)) {
            argval = ConstRepr(co, static_cast<size_t>(arg));
            if (base_op.arg_kind == ArgKind::kConst) argrepr = *argval;
          } else {
            plain();
          }
          break;
        case ArgKind::kName:
          argval = argrepr = TupleStr(co->co_names, arg);
          break;
        case ArgKind::kGlobalName:
          argval = TupleStr(co->co_names, arg >> 1);
          if ((arg & 1) && !argval->empty()) {
            argrepr_ = "NULL + ";
            argrepr_ += *argval;
            argrepr = argrepr_;
          } else {
            argrepr = *argval;
          }
          break;
        case ArgKind::kJumpRelative:
        case ArgKind::kJumpAbsolute:
          argval_ = std::to_string(ins.jump_target.value_or(0));
          argval = argval_;
          argrepr_ = "to " + argval_;
          argrepr = argrepr_;
          break;
        case ArgKind::kLocal:
          argval = argrepr = TupleStr(co->co_localsplusnames, arg);
          break;
        case ArgKind::kCompare:
          if (arg >= 0 && static_cast<size_t>(arg) < ops_.cmp_op.size()) {
            argval = argrepr = ops_.cmp_op[static_cast<size_t>(arg)];
          } else {
            plain();
          }
          break;
        case ArgKind::kFormatValue:
          argval = ops_.format_value_argval[static_cast<size_t>(arg & 7)];
          argrepr = ops_.format_value_argrepr[static_cast<size_t>(arg & 7)];
          break;
        case ArgKind::kMakeFunction:
          plain();
          for (size_t i = 0; i < ops_.make_function_flags.size(); ++i) {
            if (arg & (int64_t{1} << i)) {
              if (!argrepr_.empty()) argrepr_ += ", ";
              argrepr_ += ops_.make_function_flags[i];
            }
          }
          argrepr = argrepr_;
          break;
        case ArgKind::kBinaryOp:
          plain();
          if (arg >= 0 && static_cast<size_t>(arg) < ops_.binary_op_symbols.size()) {
            argrepr = ops_.binary_op_symbols[static_cast<size_t>(arg)];
          }
          break;
      }
    }
    instrs_.Append({.instr_id = StableId("bc_instr", unit_id, ins.offset),
                    .file_id = file_.file_id,
                    .path = file_.path,
                    .code_unit_id = unit_id,
                    .instr_index = index,
                    .offset = ins.offset,
                    .opcode = ins.opcode,
                    .opname = op.name,
                    .arg = ins.arg,
                    .argval = argval,
                    .argrepr = argrepr,
                    .jump_target = ins.jump_target,
                    .is_jump_target = ins.is_jump_target,
                    .starts_line = ins.starts_line,
                    .start_line = NoneIfNegative(ins.position.line),
                    .end_line = NoneIfNegative(ins.position.end_line),
                    .start_col = NoneIfNegative(ins.position.col),
                    .end_col = NoneIfNegative(ins.position.end_col)});
  }

  const OpcodeTable& ops_;
  const FileInput& file_;
  schema::RowWriter<schema::BcCodeUnitsRow> units_;
  schema::RowWriter<schema::BcInstructionsRow> instrs_;
  schema::RowWriter<schema::BcExceptionTableRow> excs_;
  schema::RowWriter<schema::BcBlocksRow> blocks_;
  schema::RowWriter<schema::BcCfgEdgesRow> edges_;
  std::vector<std::optional<std::string>> const_reprs_;
  std::vector<uint64_t> block_ids_;
  std::string argval_, argrepr_;
};

// ------------------------------------------------------------------------------------------------
// ast

class AstWalker {
 public:
  AstWalker(const PythonRuntime& rt, const FileInput& file, Table* nodes, Table* edges)
      : rt_(rt), file_(file), nodes_(*nodes), edges_(*edges) {}

  //! Pre-order walk with an explicit stack (ASTs can be deeper than the C++ stack allows).
  bool Walk(PyObject* module) {
    struct Item {
      PyRef node;
      std::optional<uint64_t> parent;
      PyObject* field = nullptr;  // interned field name (owned by the type's _fields)
      std::optional<int32_t> field_pos;
      std::string field_path;
    };
    const auto& n = rt_.names();
    auto* ast_type = reinterpret_cast<PyTypeObject*>(rt_.ast_base_type());
    std::vector<Item> stack;
    stack.push_back(Item{PyRef::Borrow(module), std::nullopt, nullptr, std::nullopt, ""});
    std::vector<Item> children;
    while (!stack.empty()) {
      Item item = std::move(stack.back());
      stack.pop_back();
      const TypeInfo* type = Type(Py_TYPE(item.node.get()));
      PyRef dict = PyRef::Steal(PyObject_GenericGetDict(item.node.get(), nullptr));
      if (type == nullptr || !dict) {
        PyErr_Clear();
        return false;
      }
      auto int_attr = [&](PyObject* name) -> std::optional<int32_t> {
        PyObject* v = PyDict_GetItemWithError(dict.get(), name);
        if (v == nullptr || !PyLong_Check(v)) return std::nullopt;
        return static_cast<int32_t>(AsLong(v));
      };
      std::optional<int32_t> lineno, col, end_lineno, end_col;
      if (type->has_positions) {
        lineno = int_attr(n.lineno.get());
        col = int_attr(n.col_offset.get());
        end_lineno = int_attr(n.end_lineno.get());
        end_col = int_attr(n.end_col_offset.get());
      }
      const uint64_t node_id = StableId("ast_node", file_.path, type->kind, lineno, col, end_lineno,
                                        end_col, item.field_path);
      std::optional<std::string_view> name;
      for (PyObject* key : type->name_fields) {
        PyObject* v = PyDict_GetItemWithError(dict.get(), key);
        if (v != nullptr && PyUnicode_Check(v)) {
          name = Utf8View(v);
          break;
        }
      }
      std::optional<std::string> value_repr;
      if (type->is_constant) {
        if (PyObject* v = PyDict_GetItemWithError(dict.get(), n.value.get()))
          value_repr = PyRepr(v);
      }
      if (PyErr_Occurred()) {
        PyErr_Clear();
        return false;
      }
      const std::string_view field_name = item.field ? Utf8View(item.field) : std::string_view();

      nodes_.Append(
          {.node_id = node_id,
           .file_id = file_.file_id,
           .path = file_.path,
           .parent_node_id = item.parent,
           .kind = type->kind,
           .field_name = item.field ? std::optional(field_name) : std::nullopt,
           .field_pos = item.field_pos,
           .field_path = item.field_path,
           .name = name,
           .value_repr = value_repr ? std::optional<std::string_view>(*value_repr) : std::nullopt,
           .lineno = lineno,
           .col_offset = col,
           .end_lineno = end_lineno,
           .end_col_offset = end_col});
      if (item.parent) {
        edges_.Append({.edge_id = StableId("ast_edge", *item.parent, node_id),
                       .file_id = file_.file_id,
                       .path = file_.path,
                       .parent_node_id = *item.parent,
                       .child_node_id = node_id,
                       .field_name = field_name,
                       .field_pos = item.field_pos});
      }

      // Children in field order; pushed reversed so that the first child is visited next.
      children.clear();
      for (const auto& [field, fname] : type->fields) {
        PyObject* v = PyDict_GetItemWithError(dict.get(), field);
        if (v == nullptr) continue;
        if (PyList_Check(v)) {
          for (Py_ssize_t i = 0; i < PyList_GET_SIZE(v); ++i) {
            PyObject* child = PyList_GET_ITEM(v, i);
            if (!PyObject_TypeCheck(child, ast_type)) continue;
            children.push_back(Item{PyRef::Borrow(child), node_id, field, static_cast<int32_t>(i),
                                    ChildFieldPath(item.field_path, fname, i)});
          }
        } else if (PyObject_TypeCheck(v, ast_type)) {
          children.push_back(Item{PyRef::Borrow(v), node_id, field, std::nullopt,
                                  ChildFieldPath(item.field_path, fname, -1)});
        }
      }
      if (PyErr_Occurred()) {
        PyErr_Clear();
        return false;
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.push_back(std::move(*it));
      }
    }
    return true;
  }

 private:
  struct TypeInfo {
    std::string kind;
    PyRef fields_tuple;
    std::vector<std::pair<PyObject*, std::string_view>> fields;  // borrowed from fields_tuple
    std::vector<PyObject*> name_fields;  // which of name, id, attr, arg, module it has
    bool has_positions = false;          // `lineno` is among its _attributes
    bool is_constant = false;
  };

  //! `parent.field` or `parent.field[index]` (index >= 0).
  static std::string ChildFieldPath(const std::string& parent, std::string_view field,
                                    Py_ssize_t index) {
    std::string path;
    path.reserve(parent.size() + field.size() + 8);
    path += parent;
    if (!parent.empty()) path += '.';
    path += field;
    if (index >= 0) {
      path += '[';
      path += std::to_string(index);
      path += ']';
    }
    return path;
  }

  const TypeInfo* Type(PyTypeObject* type) {
    auto it = types_.find(type);
    if (it != types_.end()) return &it->second;
    const auto& n = rt_.names();
    auto* type_object = reinterpret_cast<PyObject*>(type);
    TypeInfo info;
    std::string_view tp_name = type->tp_name;
    info.kind = std::string(tp_name.substr(tp_name.rfind('.') + 1));
    info.is_constant = info.kind == "Constant";
    info.fields_tuple = GetAttr(type_object, n.fields.get());
    if (!info.fields_tuple || !PyTuple_Check(info.fields_tuple.get())) return nullptr;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(info.fields_tuple.get()); ++i) {
      PyObject* f = PyTuple_GET_ITEM(info.fields_tuple.get(), i);
      if (PyUnicode_Check(f)) info.fields.emplace_back(f, Utf8View(f));
    }
    for (PyObject* key : {n.name.get(), n.id.get(), n.attr.get(), n.arg.get(), n.module.get()}) {
      for (const auto& [f, fname] : info.fields) {
        if (PyUnicode_Compare(f, key) == 0) info.name_fields.push_back(key);
      }
    }
    PyRef attributes = GetAttr(type_object, n.attributes.get());
    if (attributes && PyTuple_Check(attributes.get())) {
      info.has_positions = PySequence_Contains(attributes.get(), n.lineno.get()) == 1;
    }
    PyErr_Clear();
    return &types_.emplace(type, std::move(info)).first->second;
  }

  const PythonRuntime& rt_;
  const FileInput& file_;
  schema::RowWriter<schema::AstNodesRow> nodes_;
  schema::RowWriter<schema::AstEdgesRow> edges_;
  std::unordered_map<PyTypeObject*, TypeInfo> types_;
};

// ------------------------------------------------------------------------------------------------
// diagnostics

void AddDiagnostic(const FileInput& file, schema::DiagnosticCode code, std::string message,
                   std::optional<int64_t> bstart, std::optional<int64_t> bend, PythonTables* out) {
  schema::AppendDiagnostic(out->diagnostics, code,
                           {.file_id = file.file_id,
                            .path = std::string(file.path),
                            .message = std::move(message),
                            .bstart = bstart,
                            .bend = bend});
}

//! The pending compile exception as a diagnostic (cleared). SyntaxErrors carry a location.
void AddCompileErrorDiagnostic(const FileInput& file, PythonTables* out) {
  const bool syntax = PyErr_ExceptionMatches(PyExc_SyntaxError) != 0;
  if (!syntax) {
    AddDiagnostic(file, schema::DiagnosticCode::kPyCompileError,
                  "CPython " PY_VERSION " could not compile this file: " + FetchPythonError(),
                  std::nullopt, std::nullopt, out);
    return;
  }
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyRef t = PyRef::Steal(type), v = PyRef::Steal(value), tb = PyRef::Steal(traceback);
  auto attr = [&](const char* name) {
    PyRef a = PyRef::Steal(v ? PyObject_GetAttrString(v.get(), name) : nullptr);
    if (!a) PyErr_Clear();
    return a;
  };
  PyRef msg = attr("msg");
  const long lineno = AsLong(attr("lineno").get());
  const long offset = AsLong(attr("offset").get());
  const long end_lineno = AsLong(attr("end_lineno").get());
  const long end_offset = AsLong(attr("end_offset").get());
  const std::string type_name = t && PyType_Check(t.get())
                                    ? reinterpret_cast<PyTypeObject*>(t.get())->tp_name
                                    : "SyntaxError";
  std::string message = fmt::format(
      "{}: {}", type_name,
      msg && PyUnicode_Check(msg.get()) ? std::string(Utf8View(msg.get())) : PyStr(v.get()));
  if (lineno > 0)
    message +=
        fmt::format(" (line {}", lineno) + (offset > 0 ? fmt::format(", column {})", offset) : ")");
  std::optional<int64_t> bstart, bend;
  const std::string& text = *file.text;
  if (lineno > 0) {
    bstart = ByteOffsetOfLineColumn(text, lineno, offset);
    if (end_lineno > 0 && end_offset > 0) {
      bend = ByteOffsetOfLineColumn(text, end_lineno, end_offset);
    }
    if (!bend || *bend <= *bstart) {
      // One character (or nothing at the end of the text).
      int64_t e = *bstart;
      if (e < static_cast<int64_t>(text.size())) {
        ++e;
        while (e < static_cast<int64_t>(text.size()) &&
               (static_cast<unsigned char>(text[static_cast<size_t>(e)]) & 0xC0) == 0x80) {
          ++e;
        }
      }
      bend = e;
    }
  }
  AddDiagnostic(file, schema::DiagnosticCode::kPySyntaxError, std::move(message), bstart, bend,
                out);
}

}  // namespace

void ExtractFile(const PythonRuntime& runtime, const FileInput& file, const Steps& steps,
                 PythonTables* out, PythonStats* stats) {
  CA_CHECK(file.text != nullptr);
  CA_CHECK_EQ(out->TotalRows(), size_t{0});
  stats->files += 1;
  const std::string& text = *file.text;
  auto fail = [&] {
    PythonTables diagnostics_only;
    diagnostics_only.diagnostics = std::move(out->diagnostics);
    *out = std::move(diagnostics_only);
    stats->files_without_rows += 1;
  };

  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    AddDiagnostic(file, schema::DiagnosticCode::kPyNullBytes,
                  fmt::format("the source contains a NUL byte (at byte {}); CPython cannot "
                              "compile it",
                              nul),
                  static_cast<int64_t>(nul), static_cast<int64_t>(nul) + 1, out);
    fail();
    return;
  }
  PyRef filename = PyRef::Steal(PyUnicode_DecodeUTF8(
      file.path.data(), static_cast<Py_ssize_t>(file.path.size()), "surrogateescape"));
  if (!filename) {
    AddDiagnostic(file, schema::DiagnosticCode::kPyCompileError,
                  "cannot pass the path to CPython: " + FetchPythonError(), std::nullopt,
                  std::nullopt, out);
    fail();
    return;
  }

  // 1. parse, once: the syntax check, and the one AST every product below derives from.
  double t0 = ThreadCpuSeconds();
  ParsedModule module(CaParseModule(text.c_str(), filename.get()));
  if (!module) {
    AddCompileErrorDiagnostic(file, out);
    fail();
    return;
  }
  double t1 = ThreadCpuSeconds();
  stats->parse_cpu_seconds += t1 - t0;

  // 2. the `ast` objects (optional), taken before the compiler optimises the AST in place; walked
  // at the end, where a failure keeps the other rows.
  PyRef ast_module;
  std::string ast_error;
  if (steps.ast) {
    ast_module = PyRef::Steal(CaModuleToAst(module.get()));
    if (!ast_module) ast_error = FetchPythonError();
    t0 = ThreadCpuSeconds();
    stats->ast_cpu_seconds += t0 - t1;
    t1 = t0;
  }

  // 3. symtable: always, for the scope tree the code units refer to. Its SyntaxErrors (a nonlocal
  // at module level, ...) are compile errors, as they are for compile().
  std::vector<ScopeNode> scope_tree;
  {
    PyRef top = PyRef::Steal(CaModuleSymtable(module.get()));
    if (!top) {
      AddCompileErrorDiagnostic(file, out);
      fail();
      return;
    }
    const bool ok = SymtableWalker(runtime, file, out, &scope_tree).Walk(top.get());
    PyErr_Clear();
    t0 = ThreadCpuSeconds();
    stats->symtable_cpu_seconds += t0 - t1;
    if (!ok) {
      AddDiagnostic(file, schema::DiagnosticCode::kPySymtableError,
                    "CPython " PY_VERSION " symtable failed: unexpected symbol-table objects",
                    std::nullopt, std::nullopt, out);
      fail();
      return;
    }
  }

  // 4. compile: the code object, from the same AST (which it optimises in place).
  PyRef code;
  if (steps.bytecode) {
    code = PyRef::Steal(CaCompileModule(module.get()));
    if (!code || !PyCode_Check(code.get())) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "compile returned no code object");
      AddCompileErrorDiagnostic(file, out);
      fail();
      return;
    }
  }
  module = ParsedModule();
  t1 = ThreadCpuSeconds();
  stats->compile_cpu_seconds += t1 - t0;
  t0 = t1;

  // The scope tree (sym_scopes, sym_scope_edges) goes with the bytecode, whose code units refer to
  // it; the symbols themselves are the symtable step's.
  PythonTables empty;
  if (!steps.symtable) {
    out->sym_symbols = std::move(empty.sym_symbols);
    out->sym_namespace_edges = std::move(empty.sym_namespace_edges);
  }
  if (!steps.symtable && !steps.bytecode) {
    out->sym_scopes = std::move(empty.sym_scopes);
    out->sym_scope_edges = std::move(empty.sym_scope_edges);
  }

  // 5. bytecode, decoded natively.
  const bool decoded =
      !steps.bytecode ||
      CodeWalker(runtime, file, out, scope_tree).Walk(reinterpret_cast<PyCodeObject*>(code.get()));
  code = PyRef();
  t1 = ThreadCpuSeconds();
  stats->decode_cpu_seconds += t1 - t0;
  if (!decoded) {
    AddDiagnostic(file, schema::DiagnosticCode::kPyBytecodeError,
                  "unexpected code objects from CPython " PY_VERSION, std::nullopt, std::nullopt,
                  out);
    fail();
    return;
  }

  // 6. the `ast` walk (optional). A failure here keeps the rows above.
  if (steps.ast) {
    Table nodes = out->ast_nodes, edges = out->ast_edges;  // empty, with the schemas
    bool ok = static_cast<bool>(ast_module);
    std::string why = ast_error;
    if (ok && !AstWalker(runtime, file, &nodes, &edges).Walk(ast_module.get())) {
      ok = false;
      why = "unexpected ast objects";
    }
    ast_module = PyRef();
    if (ok) {
      out->ast_nodes = std::move(nodes);
      out->ast_edges = std::move(edges);
    } else {
      AddDiagnostic(file, schema::DiagnosticCode::kPyAstError,
                    "CPython " PY_VERSION " ast failed: " + why, std::nullopt, std::nullopt, out);
    }
    stats->ast_cpu_seconds += ThreadCpuSeconds() - t1;
  }
}

}  // namespace codeanatomy::extract::python
