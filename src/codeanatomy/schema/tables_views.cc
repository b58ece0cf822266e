// Query views: the everyday questions in one table each, over the published graph. Declared here
// (columns, types, meaning: docs/schema.md and the `query` command read these declarations); each
// is computed by a plan in read/views.cc whose schema must equal its declaration (a test checks).
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

namespace {

// Where a node is: its file, 1-based line and byte column of its start and end (cpg_nodes).
const ColumnDef kPath{"path", ColumnType::kString, kNullable, "The file."};
const ColumnDef kLine{"line", ColumnType::kInt64, kNullable, "1-based line of the start."};
const ColumnDef kCol{"col", ColumnType::kInt64, kNullable,
                     "1-based column of the start, in bytes."};
const ColumnDef kEndLine{"end_line", ColumnType::kInt64, kNullable, "1-based line of the end."};
const ColumnDef kEndCol{"end_col", ColumnType::kInt64, kNullable,
                        "1-based column of the end, in bytes, one past the last byte."};
const ColumnDef kBstart{"bstart", ColumnType::kInt64, kNullable,
                        "Start byte (for `code(path, bstart, bend)`)."};
const ColumnDef kBend{"bend", ColumnType::kInt64, kNullable, "End byte (exclusive)."};
const ColumnDef kModule{"module", ColumnType::kString, kNullable,
                        "The dotted name of the module (file) it is in."};

//! `columns`, then where the row's node is: path, line, col, end_line, end_col, bstart, bend.
std::vector<ColumnDef> WithSpan(std::vector<ColumnDef> columns) {
  for (const ColumnDef& c : {kPath, kLine, kCol, kEndLine, kEndCol, kBstart, kBend}) {
    columns.push_back(c);
  }
  return columns;
}

}  // namespace

void RegisterViewTables(TableRegistry& r) {
  r.Add({.name = "functions",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every function, method and lambda.",
         .columns =
             {
                 {"function_id", ColumnType::kUInt64, kRequired, "The FUNCTION or LAMBDA node."},
                 {"name", ColumnType::kString, kNullable, "The name (`<lambda>` for lambdas)."},
                 {"qualified_name", ColumnType::kString, kNullable,
                  "Module, then enclosing definitions: `pkg.mod.Class.method`, "
                  "`pkg.mod.f.<lambda1>`."},
                 {"kind", ColumnType::kString, kRequired,
                  "function, method (defined directly in a class body) or lambda."},
                 {"class", ColumnType::kString, kNullable,
                  "A method's class (qualified name); NULL otherwise."},
                 kModule,
                 kPath,
                 kLine,
                 kCol,
                 kEndLine,
                 kEndCol,
                 {"parameters", ColumnType::kInt64, kRequired,
                  "How many named parameters (`self` included; the bare `*` and `/` not)."},
                 {"is_async", ColumnType::kBool, kRequired, "Defined with `async def`."},
                 {"decorators", ColumnType::kStringList, kRequired,
                  "Source text of each decorator (after `@`), top to bottom."},
                 kBstart,
                 kBend,
             },
         .key = {"function_id"},
         .sort = {}});

  r.Add({.name = "classes",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every class, with its bases in order and its method resolution order.",
         .columns =
             {
                 {"class_id", ColumnType::kUInt64, kRequired, "The CLASS node."},
                 {"name", ColumnType::kString, kNullable, "The name."},
                 {"qualified_name", ColumnType::kString, kNullable,
                  "Module, then enclosing definitions: `pkg.mod.Outer.Inner`."},
                 kModule,
                 kPath,
                 kLine,
                 kCol,
                 kEndLine,
                 kEndCol,
                 {"bases", ColumnType::kStringList, kRequired,
                  "The positional bases the resolution found, in order: a class of the "
                  "repository by qualified name, a builtin (`object`) or an external name "
                  "(`requests.Session`) (INHERITS edges)."},
                 {"mro", ColumnType::kStringList, kRequired,
                  "Method resolution order: the class, then its ancestors in the repository "
                  "(class_mro.parquet)."},
                 {"methods", ColumnType::kInt64, kRequired,
                  "How many functions are defined directly in its body."},
                 {"decorators", ColumnType::kStringList, kRequired,
                  "Source text of each decorator, top to bottom."},
                 kBstart,
                 kBend,
             },
         .key = {"class_id"},
         .sort = {}});

  r.Add({.name = "modules",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every analysed file, as the module Python would import.",
         .columns =
             {
                 {"module_id", ColumnType::kUInt64, kRequired,
                  "The MODULE node (repo_files.file_id)."},
                 {"name", ColumnType::kString, kNullable,
                  "Dotted module name (`pkg/__init__.py` is `pkg`)."},
                 kPath,
                 {"is_package", ColumnType::kBool, kNullable,
                  "The file is a package's `__init__.py` (or `.pyi`)."},
                 {"lines", ColumnType::kInt64, kNullable,
                  "Lines of text (a last line without a newline counts); NULL for a file "
                  "without text."},
                 {"bytes", ColumnType::kInt64, kNullable, "Bytes of canonical text."},
                 {"functions", ColumnType::kInt64, kRequired,
                  "Functions, methods and lambdas defined in it, at any depth."},
                 {"classes", ColumnType::kInt64, kRequired, "Classes defined in it, at any depth."},
             },
         .key = {"module_id"},
         .sort = {}});

  r.Add({.name = "calls",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every call site (explicit calls, decorator applications, the protocol calls of "
                "`with` and `for`) with each callee found for it (CALLS edges of origin cst): one "
                "row per site and callee — a call through a value (a parameter, an attribute, a "
                "call's result) may reach several functions — and one row with NULL callee "
                "columns for a site nothing was found for.",
         .columns = WithSpan({
             {"call_id", ColumnType::kUInt64, kRequired, "The CALL_SITE node."},
             {"caller_id", ColumnType::kUInt64, kNullable,
              "The innermost function, lambda, class or module containing the call."},
             {"caller", ColumnType::kString, kNullable,
              "Its qualified name (the module name for module-level code)."},
             {"callee_id", ColumnType::kUInt64, kNullable,
              "The node called (CALLS edge): FUNCTION, LAMBDA, BUILTIN, EXTERNAL_SYMBOL or "
              "EXTERNAL_MODULE; a constructor call gives the class's `__init__`."},
             {"callee", ColumnType::kString, kNullable,
              "Its qualified name, builtin name (`len`) or import path (`requests.get`)."},
             {"callee_kind", ColumnType::kString, kNullable, "The callee's node kind."},
             {"call_kind", ColumnType::kString, kNullable,
              "explicit, decorator, or the protocol site's kind (with, for, …)."},
             {"callee_text", ColumnType::kString, kNullable,
              "Source text of the callee expression (`self.session.get`)."},
             {"resolution", ColumnType::kString, kNullable,
              "How the callee was found: direct, constructor, builtin, external, points_to "
              "(through the values the callee expression may hold), or the call kind of an "
              "implicit call."},
             {"score", ColumnType::kDouble, kNullable, "How sure the resolution is, in [0, 1]."},
         }),
         .key = {"call_id", "callee_id"},
         .sort = {}});

  r.Add({.name = "arguments",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every argument of every explicit call, with where it goes: `code(path, bstart, "
                "bend)` gives its text.",
         .columns = WithSpan({
             {"argument_id", ColumnType::kUInt64, kRequired, "The ARGUMENT node."},
             {"call_id", ColumnType::kUInt64, kNullable, "Its call site (ARGUMENT_OF)."},
             {"callee_text", ColumnType::kString, kNullable,
              "Source text of the call's callee expression (`subprocess.run`)."},
             {"position", ColumnType::kInt64, kNullable,
              "0-based position among the positional and `*` arguments; NULL for keyword "
              "and `**` arguments."},
             {"keyword", ColumnType::kString, kNullable, "The keyword of `name=value`."},
             {"star", ColumnType::kString, kNullable, "`*` or `**`, else NULL."},
             {"parameters", ColumnType::kStringList, kRequired,
              "The parameters it is passed to (PASSES edges), as `function.parameter`, in "
              "order; empty when no callee of the repository was found."},
             kModule,
         }),
         .key = {"argument_id"},
         .sort = {}});

  r.Add({.name = "parameters",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every named parameter of every function and lambda.",
         .columns = WithSpan({
             {"param_id", ColumnType::kUInt64, kRequired, "The PARAMETER node."},
             {"function_id", ColumnType::kUInt64, kNullable, "Its function or lambda."},
             {"function", ColumnType::kString, kNullable, "The function's qualified name."},
             {"position", ColumnType::kInt64, kNullable,
              "0-based position among the named parameters."},
             {"name", ColumnType::kString, kNullable, "The parameter name."},
             {"kind", ColumnType::kString, kNullable,
              "positional_only, regular, var_positional (`*args`), keyword_only or "
              "var_keyword (`**kwargs`)."},
             {"has_default", ColumnType::kBool, kNullable, "A default value is given."},
         }),
         .key = {"param_id"},
         .sort = {}});

  r.Add({.name = "imports",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every imported name (one row per alias of an import statement), with what it "
                "binds.",
         .columns = WithSpan({
             {"import_id", ColumnType::kUInt64, kRequired, "The IMPORT_ALIAS node."},
             kModule,
             {"imported_module", ColumnType::kString, kNullable,
              "The absolute module the statement names (relative levels resolved)."},
             {"imported_name", ColumnType::kString, kNullable,
              "The name imported (`x` of `from m import x`; the dotted module of `import "
              "a.b`; `*`)."},
             {"asname", ColumnType::kString, kNullable, "The `as` name, when given."},
             {"relative_level", ColumnType::kInt64, kNullable,
              "Leading dots of a relative import (0 for absolute)."},
             {"target_id", ColumnType::kUInt64, kNullable,
              "What the import binds, after re-export chains (IMPORTS edge); NULL when "
              "unresolved."},
             {"target", ColumnType::kString, kNullable,
              "Its qualified name, module name or import path."},
             {"target_kind", ColumnType::kString, kNullable, "Its node kind."},
         }),
         .key = {"import_id"},
         .sort = {}});

  r.Add({.name = "references",
         .kind = TableKind::kView,
         .layer = Layer::kCpg,
         .doc = "Every use of a name (load, store, del, global/nonlocal declaration) with the "
                "variable it refers to under Python's scope rules.",
         .columns = WithSpan({
             {"ref_id", ColumnType::kUInt64, kRequired, "The NAME_REF node."},
             {"name", ColumnType::kString, kNullable, "The identifier."},
             {"context", ColumnType::kString, kNullable,
              "load, store, del, augstore (`x += 1`), global or nonlocal."},
             {"resolution", ColumnType::kString, kNullable,
              "How the binding was found: local, enclosing, global, builtin, "
              "unresolved_global, unresolved_nonlocal."},
             {"target_id", ColumnType::kUInt64, kNullable,
              "The BINDING or BUILTIN referred to (REFERENCES edge)."},
             {"target", ColumnType::kString, kNullable,
              "Its qualified name (`pkg.mod.f.x`) or builtin name."},
             kModule,
         }),
         .key = {"ref_id"},
         .sort = {}});
}

}  // namespace codeanatomy::schema
