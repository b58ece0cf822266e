// Evidence tables of the CST layer (extract/cst/, tree-sitter).
//
// Scopes follow Python's evaluation rules (see cst_scopes): every `scope_id` column names the scope
// in which Python evaluates (loads) or binds (stores) the thing the row describes.
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

namespace {

// Columns shared by every CST table.
const ColumnDef kFileId{"file_id", ColumnType::kUInt64, kRequired,
                        "The file (repo_files.file_id)."};
const ColumnDef kPath{"path", ColumnType::kString, kRequired, "The file's path."};

constexpr std::string_view kShapeDoc = "NAME, ATTRIBUTE, CALL, SUBSCRIPT or OTHER.";
// Texts of expressions that nest (`f()()()…`, `a.b.b…`) are capped, or every level would repeat
// the text of the levels inside it (extract/cst/cst_walker.cc, kMaxTextBytes).
#define CA_CUT_TEXT                                                                            \
  " At most 128 bytes: a longer text is cut at a character boundary and ends with `…` (the " \
  "span has it whole)."
#define CA_DOTTED_CAP " NULL also when longer than 128 bytes."

}  // namespace

void RegisterCstTables(TableRegistry& r) {
  r.Add(
      {.name = "cst_scopes",
       .kind = TableKind::kEvidence,
       .layer = Layer::kCst,
       .doc = "Python scopes: the module, classes, functions, lambdas and comprehensions (list, "
              "set, dict comprehensions and generator expressions). Every `scope_id` of the CST "
              "tables names the scope where Python evaluates or binds the thing: decorators, "
              "defaults, annotations and class bases belong to the enclosing scope; the first "
              "iterable of a comprehension to the enclosing scope; a walrus target inside a "
              "comprehension to the nearest enclosing non-comprehension scope.",
       .columns =
           {
               {"scope_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('cst_scope', path, kind, bstart, bend)."},
               kFileId,
               kPath,
               {"kind", ColumnType::kString, kRequired,
                "module, class, function (also async), lambda or comprehension."},
               {"name", ColumnType::kString, kRequired,
                "`<module>`, the class or function name, `<lambda>`, or `<listcomp>`, "
                "`<setcomp>`, `<dictcomp>`, `<genexpr>`."},
               {"bstart", ColumnType::kInt64, kRequired,
                "Start: 0 for the module; the definition (decorators excluded) as in cst_defs; the "
                "whole comprehension expression (brackets included)."},
               {"bend", ColumnType::kInt64, kRequired,
                "End (exclusive); the text length for the module."},
               {"parent_scope_id", ColumnType::kUInt64, kNullable,
                "The enclosing scope; NULL for the module."},
               {"def_id", ColumnType::kUInt64, kNullable,
                "The definition (cst_defs) of a class, function or lambda scope."},
               {"qualified_path", ColumnType::kString, kRequired,
                "\"\" for the module; cst_defs.qualified_path for definitions; for "
                "comprehensions the parent scope's path + `.` + name (just the name at module "
                "level)."},
               {"lineno", ColumnType::kInt32, kRequired,
                "1-based line where CPython's symtable starts the scope: the `def`/`class` (or "
                "`async`) keyword line, the first line of a lambda or comprehension; 0 for the "
                "module, as symtable reports it."},
               {"child_index", ColumnType::kInt32, kRequired,
                "0-based position among the parent's child scopes in source order (bstart); 0 for "
                "the module."},
               {"symtable_child_index", ColumnType::kInt32, kNullable,
                "0-based position among the parent's child scopes in the order CPython 3.11's "
                "symtable creates them (SymbolTable.get_children()): as child_index, except that "
                "a definition's positional defaults, then keyword-only defaults, then "
                "annotations, then decorators precede the definition's own scope; class bases "
                "then keywords precede the class; a comprehension's first iterable precedes it "
                "and, inside it, the element comes last (dict: value before key); dict displays "
                "visit all keys before all values; calls visit positional arguments before "
                "keyword ones; `a if t else b` visits t first. NULL for a scope inside an "
                "annotation of a module with `from __future__ import annotations` (symtable "
                "lists none); 0 for the module."},
           },
       .key = {"scope_id"},
       .sort = {"path", "bstart", "scope_id"}});

  r.Add({.name = "cst_defs",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Function, async function, class and lambda definitions.",
         .columns =
             {
                 {"def_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_def', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"kind", ColumnType::kString, kRequired,
                  "function, async_function, class or lambda."},
                 {"name", ColumnType::kString, kRequired,
                  "The defined name; `<lambda>` for lambdas."},
                 {"bstart", ColumnType::kInt64, kRequired,
                  "Start of the definition statement (decorators excluded)."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the definition (exclusive)."},
                 {"name_bstart", ColumnType::kInt64, kNullable, "Start of the name token."},
                 {"name_bend", ColumnType::kInt64, kNullable, "End of the name token."},
                 {"parent_def_id", ColumnType::kUInt64, kNullable,
                  "The innermost enclosing definition; NULL at module level."},
                 {"qualified_path", ColumnType::kString, kRequired,
                  "Lexical path inside the module: `Class.method`, `outer.inner`, `f.<lambda1>` "
                  "(lambdas numbered from 1 in source order within the enclosing definition; "
                  "comprehensions do not appear in the path)."},
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the name is bound (the enclosing scope; for a lambda, where "
                  "it is evaluated)."},
                 {"body_scope_id", ColumnType::kUInt64, kRequired,
                  "The scope the definition opens (cst_scopes)."},
                 {"decorators", ColumnType::kStringList, kRequired,
                  "Source text of each decorator expression (after `@`), top to bottom."},
                 {"is_method", ColumnType::kBool, kRequired,
                  "A function defined directly in a class body."},
             },
         .key = {"def_id"},
         .sort = {"path", "bstart", "def_id"}});

  r.Add({.name = "cst_params",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Named parameters of functions and lambdas (the bare `*` and `/` markers are not "
                "rows).",
         .columns =
             {
                 {"param_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_param', path, bstart, bend) of the name token."},
                 kFileId,
                 kPath,
                 {"def_id", ColumnType::kUInt64, kRequired, "The function or lambda (cst_defs)."},
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The definition's body scope, where the parameter is bound."},
                 {"name", ColumnType::kString, kRequired, "The parameter name."},
                 {"kind", ColumnType::kString, kRequired,
                  "positional_only, regular, var_positional, keyword_only or var_keyword."},
                 {"position", ColumnType::kInt32, kRequired,
                  "0-based position among the named parameters."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the name token."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the name token (exclusive)."},
                 {"default_bstart", ColumnType::kInt64, kNullable,
                  "Start of the default value (evaluated in the enclosing scope); NULL if none."},
                 {"default_bend", ColumnType::kInt64, kNullable, "End of the default value."},
                 {"default_expr_id", ColumnType::kUInt64, kNullable,
                  "The default value's expression (cst_exprs.expr_id); NULL if none."},
                 {"annotation_bstart", ColumnType::kInt64, kNullable,
                  "Start of the annotation (evaluated in the enclosing scope); NULL if none."},
                 {"annotation_bend", ColumnType::kInt64, kNullable, "End of the annotation."},
             },
         .key = {"param_id"},
         .sort = {"path", "bstart", "param_id"}});

  r.Add({.name = "cst_name_refs",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Every use of an identifier as a Python name: loads, stores (assignment, loop, "
                "with/except/import/match targets, walrus), deletes and global/nonlocal "
                "declarations, f-string expressions included. Not name refs: definition names "
                "(cst_defs), parameter names (cst_params), keyword-argument names, attribute names "
                "(cst_attributes), module paths and imported-but-renamed names of import "
                "statements, class-pattern keywords, and identifiers the parser could only place "
                "directly in an ERROR node.",
         .columns =
             {
                 {"ref_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_name_ref', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the name is looked up or bound."},
                 {"name", ColumnType::kString, kRequired, "The identifier."},
                 {"ctx", ColumnType::kString, kRequired,
                  "load, store, del, augstore (target of `x += 1`: read and written), global or "
                  "nonlocal."},
                 {"site", ColumnType::kString, kRequired,
                  "The construct: expr (any load outside a match pattern), assign, annassign, "
                  "augassign, for, with, except, comprehension (a comprehension's loop target), "
                  "walrus, import, del, global, nonlocal, match (captures, `as` names and "
                  "class/value pattern names), type_alias (`type X = ...`, Python 3.12) or "
                  "type_param (a PEP 695 type parameter, bound in the scope of the definition "
                  "declaring it; for `type X[T]`, in the current scope). Elements of destructuring "
                  "targets keep the construct's site."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the identifier."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the identifier (exclusive)."},
                 {"import_id", ColumnType::kUInt64, kNullable,
                  "The alias (cst_imports) whose binding this is; site import only."},
                 {"in_annotation", ColumnType::kBool, kRequired,
                  "The name is inside an annotation (parameter, return or variable). Under `from "
                  "__future__ import annotations` such names are never evaluated and CPython's "
                  "symtable records them in no listed scope."},
             },
         .key = {"ref_id"},
         .sort = {"path", "bstart", "ref_id"}});

  r.Add({.name = "cst_attributes",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Attribute expressions `obj.attr`, and the dotted value/class names of match "
                "patterns (`case Color.RED:`), one row per dot.",
         .columns =
             {
                 {"attr_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_attribute', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the expression is evaluated."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the whole expression."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the whole expression."},
                 {"attr_name", ColumnType::kString, kRequired, "The attribute name."},
                 {"attr_bstart", ColumnType::kInt64, kRequired, "Start of the attribute name."},
                 {"attr_bend", ColumnType::kInt64, kRequired, "End of the attribute name."},
                 {"receiver_bstart", ColumnType::kInt64, kRequired, "Start of the receiver."},
                 {"receiver_bend", ColumnType::kInt64, kRequired, "End of the receiver."},
                 {"receiver_text", ColumnType::kString, kRequired,
                  "Source text of the receiver." CA_CUT_TEXT},
                 {"receiver_shape", ColumnType::kString, kRequired, kShapeDoc},
                 {"receiver_ref_id", ColumnType::kUInt64, kNullable,
                  "The receiver's cst_name_refs row when it is a plain name."},
                 {"ctx", ColumnType::kString, kRequired, "load, store, del or augstore."},
                 {"dotted", ColumnType::kString, kNullable,
                  "`os.path.join` when the whole chain is names and attributes (whitespace and "
                  "comments removed); else NULL." CA_DOTTED_CAP},
             },
         .key = {"attr_id"},
         .sort = {"path", "bstart", "attr_id"}});

  r.Add({.name = "cst_imports",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Import statements, one row per alias (`from __future__` imports included).",
         .columns =
             {
                 {"import_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_import', path, bstart, bend) over the alias span."},
                 kFileId,
                 kPath,
                 {"scope_id", ColumnType::kUInt64, kRequired, "The scope where the name is bound."},
                 {"kind", ColumnType::kString, kRequired,
                  "import (`import a.b`) or from (`from m import x`)."},
                 {"module", ColumnType::kString, kRequired,
                  "The module as written, dotted, without the leading dots: `a.b` for `import a.b` "
                  "and `from ..a.b import x`; \"\" for `from . import x`."},
                 {"relative_level", ColumnType::kInt32, kRequired,
                  "Number of leading dots of a from-import; 0 otherwise."},
                 {"name", ColumnType::kString, kRequired,
                  "From-imports: the imported name (`*` for a star import); plain imports: the "
                  "dotted module name."},
                 {"asname", ColumnType::kString, kNullable, "The `as` name; NULL if none."},
                 {"bound_name", ColumnType::kString, kNullable,
                  "The name bound in scope_id: the asname, else the first component of a plain "
                  "import, else the name; NULL for a star import."},
                 {"bound_ref_id", ColumnType::kUInt64, kNullable,
                  "The store ref (cst_name_refs) of the bound name; NULL for a star import."},
                 {"is_star", ColumnType::kBool, kRequired, "`from m import *`."},
                 {"bstart", ColumnType::kInt64, kRequired,
                  "Start of the alias (`a.b`, `x as y`, `*`)."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the alias (exclusive)."},
                 {"name_bstart", ColumnType::kInt64, kRequired,
                  "Start of the imported (dotted) name, `*` for a star import."},
                 {"name_bend", ColumnType::kInt64, kRequired, "End of the imported name."},
                 {"stmt_bstart", ColumnType::kInt64, kRequired, "Start of the import statement."},
                 {"stmt_bend", ColumnType::kInt64, kRequired, "End of the import statement."},
             },
         .key = {"import_id"},
         .sort = {"path", "bstart", "import_id"}});

  r.Add(
      {.name = "cst_callsites",
       .kind = TableKind::kEvidence,
       .layer = Layer::kCst,
       .doc = "Call expressions.",
       .columns =
           {
               {"call_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('cst_call', path, bstart, bend)."},
               kFileId,
               kPath,
               {"bstart", ColumnType::kInt64, kRequired, "Start of the call expression."},
               {"bend", ColumnType::kInt64, kRequired, "End of the call expression (exclusive)."},
               {"callee_bstart", ColumnType::kInt64, kRequired, "Start of the callee expression."},
               {"callee_bend", ColumnType::kInt64, kRequired, "End of the callee expression."},
               {"callee_shape", ColumnType::kString, kRequired, kShapeDoc},
               {"callee_text", ColumnType::kString, kRequired,
                "Source text of the callee." CA_CUT_TEXT},
               {"scope_id", ColumnType::kUInt64, kRequired,
                "The scope where the call is evaluated."},
               {"callee_dotted", ColumnType::kString, kNullable,
                "`os.path.join` when the callee is a name/attribute chain; else "
                "NULL." CA_DOTTED_CAP},
               {"callee_name", ColumnType::kString, kNullable,
                "NAME: the name; ATTRIBUTE: the attribute name; else NULL."},
               {"callee_ref_id", ColumnType::kUInt64, kNullable,
                "NAME: the callee's cst_name_refs row."},
               {"callee_attr_id", ColumnType::kUInt64, kNullable,
                "ATTRIBUTE: the callee's cst_attributes row."},
               {"receiver_bstart", ColumnType::kInt64, kNullable,
                "ATTRIBUTE: start of the receiver (`obj` in `obj.m()`)."},
               {"receiver_bend", ColumnType::kInt64, kNullable, "ATTRIBUTE: end of the receiver."},
               {"receiver_text", ColumnType::kString, kNullable,
                "ATTRIBUTE: source text of the receiver." CA_CUT_TEXT},
               {"positional_count", ColumnType::kInt32, kRequired,
                "Positional arguments (`*a` excluded; a bare generator argument counts 1)."},
               {"keyword_count", ColumnType::kInt32, kRequired,
                "Keyword arguments (`**k` excluded)."},
               {"keyword_names", ColumnType::kStringList, kRequired, "Keyword names, in order."},
               {"has_star_args", ColumnType::kBool, kRequired, "A `*args` argument is present."},
               {"has_star_kwargs", ColumnType::kBool, kRequired,
                "A `**kwargs` argument is present."},
               {"is_decorator", ColumnType::kBool, kRequired,
                "The call is a decorator expression (`@dec(x)`)."},
           },
       .key = {"call_id"},
       .sort = {"path", "bstart", "call_id"}});

  r.Add({.name = "cst_decorators",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Decorators of functions and classes.",
         .columns =
             {
                 {"decorator_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_decorator', path, bstart, bend) of the expression."},
                 kFileId,
                 kPath,
                 {"def_id", ColumnType::kUInt64, kRequired, "The decorated definition."},
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The enclosing scope, where the decorator is evaluated."},
                 {"position", ColumnType::kInt32, kRequired, "0 for the topmost decorator."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the expression after `@`."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the expression (exclusive)."},
                 {"text", ColumnType::kString, kRequired, "Source text of the expression."},
                 {"shape", ColumnType::kString, kRequired, "NAME, ATTRIBUTE, CALL or OTHER."},
                 {"dotted", ColumnType::kString, kNullable,
                  "The name/attribute chain (`functools.wraps`), or for a CALL the callee's "
                  "chain; else NULL." CA_DOTTED_CAP},
                 {"call_id", ColumnType::kUInt64, kNullable,
                  "The cst_callsites row when the expression is a call."},
                 {"expr_id", ColumnType::kUInt64, kRequired,
                  "The decorator expression (cst_exprs.expr_id)."},
             },
         .key = {"decorator_id"},
         .sort = {"path", "bstart", "decorator_id"}});

  r.Add({.name = "cst_class_bases",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Arguments of class statements: positional bases (`*bases` included) and keywords "
                "(`metaclass=M`, `**kw`).",
         .columns =
             {
                 {"base_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_class_base', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"class_def_id", ColumnType::kUInt64, kRequired, "The class (cst_defs)."},
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The enclosing scope, where the bases are evaluated."},
                 {"position", ColumnType::kInt32, kNullable,
                  "0-based position among positional bases; NULL for keywords."},
                 {"keyword", ColumnType::kString, kNullable,
                  "The keyword (`metaclass`); `**` for a `**kw` argument; NULL for positional "
                  "bases."},
                 {"bstart", ColumnType::kInt64, kRequired,
                  "Start of the expression (the value of a keyword; `*bases` and `**kw` "
                  "include the stars)."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the expression (exclusive)."},
                 {"text", ColumnType::kString, kRequired, "Source text of the expression."},
                 {"shape", ColumnType::kString, kRequired, kShapeDoc},
                 {"dotted", ColumnType::kString, kNullable,
                  "The name/attribute chain; for a CALL the callee's chain, for a SUBSCRIPT "
                  "(`Generic[T]`) the subscripted value's chain; else NULL." CA_DOTTED_CAP},
                 {"ref_id", ColumnType::kUInt64, kNullable,
                  "The cst_name_refs row when the expression is a plain name."},
             },
         .key = {"base_id"},
         .sort = {"path", "bstart", "base_id"}});

  r.Add(
      {.name = "cst_assignments",
       .kind = TableKind::kEvidence,
       .layer = Layer::kCst,
       .doc = "Assignments, one row per (statement, target): `a = b = v` gives two rows. A "
              "destructuring target (`a, (b, *c) = v`) gives one row for the whole target plus "
              "one row (unpacked = true) per plain name or attribute found inside it, each with "
              "the statement's whole value.",
       .columns =
           {
               {"assign_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('cst_assign', path, target_bstart, target_bend)."},
               kFileId,
               kPath,
               {"scope_id", ColumnType::kUInt64, kRequired,
                "The scope where the target is bound (for a walrus in a comprehension, the "
                "enclosing non-comprehension scope)."},
               {"kind", ColumnType::kString, kRequired, "assign, annassign, augassign or walrus."},
               {"bstart", ColumnType::kInt64, kRequired,
                "Start of the statement (the outermost assignment of a chain) or of the walrus "
                "expression."},
               {"bend", ColumnType::kInt64, kRequired, "End of the statement (exclusive)."},
               {"target_bstart", ColumnType::kInt64, kRequired, "Start of the target."},
               {"target_bend", ColumnType::kInt64, kRequired, "End of the target."},
               {"target_name", ColumnType::kString, kNullable,
                "The name when the target is one plain name."},
               {"target_ref_id", ColumnType::kUInt64, kNullable,
                "The store ref (cst_name_refs) when the target is one plain name."},
               {"target_attr_id", ColumnType::kUInt64, kNullable,
                "The cst_attributes row when the target is `x.attr`."},
               {"unpacked", ColumnType::kBool, kRequired,
                "The target is an element of a destructuring target."},
               {"value_bstart", ColumnType::kInt64, kNullable,
                "Start of the value, parentheses removed; NULL for a bare annotation `x: int`."},
               {"value_bend", ColumnType::kInt64, kNullable, "End of the value."},
               {"value_shape", ColumnType::kString, kNullable,
                "CALL, NAME, ATTRIBUTE, LITERAL (string, bytes, f-string, number, signed number, "
                "True/False/None, `...`) or OTHER; NULL without a value."},
               {"value_node_type", ColumnType::kString, kNullable,
                "The value's tree-sitter node type (`list`, `dictionary`, `lambda`, ...)."},
               {"value_call_id", ColumnType::kUInt64, kNullable, "CALL: the cst_callsites row."},
               {"value_ref_id", ColumnType::kUInt64, kNullable, "NAME: the cst_name_refs row."},
               {"value_dotted", ColumnType::kString, kNullable,
                "NAME/ATTRIBUTE: the chain text; CALL: the callee's chain; else "
                "NULL." CA_DOTTED_CAP},
               {"annotation_bstart", ColumnType::kInt64, kNullable,
                "annassign: start of the annotation."},
               {"annotation_bend", ColumnType::kInt64, kNullable,
                "annassign: end of the annotation."},
           },
       .key = {"assign_id"},
       .sort = {"path", "target_bstart", "assign_id"}});

  r.Add({.name = "cst_protocol_sites",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Implicit protocol calls: context managers (`__enter__`/`__exit__`, async "
                "`__aenter__`/`__aexit__`) and iteration (`__iter__`/`__next__`, async "
                "`__aiter__`/`__anext__`).",
         .columns =
             {
                 {"site_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_protocol_site', path, expr_bstart, expr_bend, kind)."},
                 kFileId,
                 kPath,
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the expression is evaluated (a comprehension's first "
                  "iterable: the enclosing scope)."},
                 {"kind", ColumnType::kString, kRequired,
                  "with, async_with, for, async_for, comprehension_for or "
                  "async_comprehension_for."},
                 {"bstart", ColumnType::kInt64, kRequired,
                  "Start of the statement, or of the comprehension's `for` clause."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the statement or clause."},
                 {"expr_bstart", ColumnType::kInt64, kRequired,
                  "Start of the context manager / iterable expression (parentheses removed)."},
                 {"expr_bend", ColumnType::kInt64, kRequired, "End of the expression."},
                 {"expr_shape", ColumnType::kString, kRequired, kShapeDoc},
                 {"expr_dotted", ColumnType::kString, kNullable,
                  "NAME/ATTRIBUTE: the chain text; CALL: the callee's chain; else "
                  "NULL." CA_DOTTED_CAP},
                 {"expr_call_id", ColumnType::kUInt64, kNullable, "CALL: the cst_callsites row."},
                 {"expr_ref_id", ColumnType::kUInt64, kNullable, "NAME: the cst_name_refs row."},
                 {"target_bstart", ColumnType::kInt64, kNullable,
                  "Start of the `as` / loop target; NULL without one."},
                 {"target_bend", ColumnType::kInt64, kNullable, "End of the target."},
                 {"target_ref_id", ColumnType::kUInt64, kNullable,
                  "The target's store ref when it is one plain name."},
             },
         .key = {"site_id"},
         .sort = {"path", "bstart", "site_id"}});

  r.Add({.name = "cst_exports",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Names listed in the module-level `__all__`: `__all__ = [...]` / `(...)` (also "
                "annotated), `__all__ += [...]`, `__all__.extend([...])`, `__all__.append('x')`. "
                "String literals without escapes only; module level includes `if`/`try` blocks.",
         .columns =
             {
                 {"export_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_export', path, bstart, bend) of the string literal."},
                 kFileId,
                 kPath,
                 {"name", ColumnType::kString, kRequired, "The exported name."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the string literal."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the string literal."},
                 {"op", ColumnType::kString, kRequired,
                  "assign (`__all__ = ...`, replaces the list) or extend (`+=`, extend, append)."},
                 {"stmt_bstart", ColumnType::kInt64, kRequired, "Start of the statement."},
                 {"stmt_bend", ColumnType::kInt64, kRequired, "End of the statement."},
             },
         .key = {"export_id"},
         .sort = {"path", "bstart", "export_id"}});

  r.Add({.name = "cst_type_exprs",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Annotations: of parameters, of return values and of annotated assignments.",
         .columns =
             {
                 {"type_expr_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_type_expr', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"owner_def_id", ColumnType::kUInt64, kNullable,
                  "param/return: the function; variable: the innermost enclosing class or "
                  "function, NULL at module level."},
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the annotation is evaluated (param/return: the enclosing "
                  "scope of the function)."},
                 {"role", ColumnType::kString, kRequired, "param, return or variable."},
                 {"param_name", ColumnType::kString, kNullable, "role param: the parameter."},
                 {"target_ref_id", ColumnType::kUInt64, kNullable,
                  "role variable: the store ref when the target is one plain name."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the annotation."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the annotation (exclusive)."},
                 {"text", ColumnType::kString, kRequired, "Source text of the annotation."},
             },
         .key = {"type_expr_id"},
         .sort = {"path", "bstart", "type_expr_id"}});

  r.Add({.name = "cst_docstrings",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Docstrings: a string literal (not an f-string, not bytes; implicit "
                "concatenation allowed) forming the first statement of a module, class or "
                "function body.",
         .columns =
             {
                 {"docstring_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_docstring', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"owner_kind", ColumnType::kString, kRequired, "module, class or function."},
                 {"owner_id", ColumnType::kUInt64, kRequired,
                  "file_id for the module; the def_id otherwise."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start of the string literal."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the string literal."},
                 {"text", ColumnType::kString, kRequired,
                  "Source text of the literal, quotes and prefix included."},
             },
         .key = {"docstring_id"},
         .sort = {"path", "bstart", "docstring_id"}});

  r.Add(
      {.name = "cst_parse_errors",
       .kind = TableKind::kEvidence,
       .layer = Layer::kCst,
       .doc = "ERROR and MISSING nodes of the tree-sitter parse: where the parser had to recover.",
       .columns =
           {
               {"error_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('cst_parse_error', path, bstart, bend, kind)."},
               kFileId,
               kPath,
               {"kind", ColumnType::kString, kRequired, "error or missing."},
               {"node_type", ColumnType::kString, kRequired,
                "The tree-sitter node type (`ERROR`, or the missing token's type)."},
               {"bstart", ColumnType::kInt64, kRequired, "Start of the node."},
               {"bend", ColumnType::kInt64, kRequired, "End of the node (exclusive)."},
           },
       .key = {"error_id"},
       .sort = {"path", "bstart", "error_id"}});

  // --- Values: what the value-flow analysis reads (rules/value_flow_rules.cc) -----------------

  r.Add(
      {.name = "cst_exprs",
       .kind = TableKind::kEvidence,
       .layer = Layer::kCst,
       .doc = "Every expression Python evaluates for its value (load context): names, attributes, "
              "calls, subscripts, literals, displays, comprehensions, lambdas, operators, "
              "conditional expressions, await and yield. Parentheses are transparent (the row is "
              "the inner expression's); store and delete targets are cst_targets rows; "
              "annotations, match patterns and regions the parser could not place have none.",
       .columns =
           {
               {"expr_id", ColumnType::kUInt64, kRequired,
                "Stable ID: a name's cst_name_refs.ref_id, an attribute's cst_attributes.attr_id, "
                "a call's cst_callsites.call_id, a lambda's cst_defs.def_id; any other "
                "expression ('cst_expr', path, bstart, bend)."},
               kFileId,
               kPath,
               {"scope_id", ColumnType::kUInt64, kRequired,
                "The scope where the expression is evaluated."},
               {"kind", ColumnType::kString, kRequired,
                "name, attribute, call, subscript, slice (a subscript by a slice), literal, "
                "fstring, list, tuple (also without parentheses), set, dict, list_comp, set_comp, "
                "dict_comp, generator, lambda, conditional, bool_op, bin_op, unary_op, compare, "
                "not, await, yield, yield_from, named (a walrus)."},
               {"bstart", ColumnType::kInt64, kRequired, "Start of the expression."},
               {"bend", ColumnType::kInt64, kRequired, "End of the expression (exclusive)."},
               {"base_id", ColumnType::kUInt64, kNullable,
                "The operand the expression is built on: an attribute's receiver, a subscript's "
                "value, a call's callee, the operand of await, yield from, unary operators and "
                "not, a walrus's value."},
               {"key_id", ColumnType::kUInt64, kNullable, "A subscript's index expression."},
               {"name", ColumnType::kString, kNullable,
                "A name's identifier, an attribute's name, an operator (`+`, `%`, `and`, `not "
                "in`, ...)."},
               {"literal_kind", ColumnType::kString, kNullable,
                "literal: str, bytes, int, float, complex, bool, none or ellipsis."},
               {"literal_value", ColumnType::kString, kNullable,
                "literal: the value — a string's or bytes' contents when written without escapes "
                "(and at most 256 bytes), a number as written, True, False, None; else NULL."},
           },
       .key = {"expr_id"},
       .sort = {"path", "bstart", "expr_id"}});

  r.Add({.name = "cst_expr_parts",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "The parts an expression is made of, where a value can flow from the part into the "
                "whole: elements of displays, branches of conditional expressions, operands of "
                "boolean and binary operators, interpolations of f-strings, the element of a "
                "comprehension.",
         .columns =
             {
                 {"parent_id", ColumnType::kUInt64, kRequired, "The whole (cst_exprs.expr_id)."},
                 {"child_id", ColumnType::kUInt64, kRequired, "The part (cst_exprs.expr_id)."},
                 kFileId,
                 kPath,
                 {"role", ColumnType::kString, kRequired,
                  "element (of a list, tuple or set display), unpack (`*a` in a list, tuple or set "
                  "display, `**d` in a dict display: child is a or d), value and key (of a dict "
                  "display pair), branch (body and else of a conditional expression), operand (of "
                  "a boolean or binary operator), format (an f-string interpolation), comp_element "
                  "(a list or set comprehension's or generator's element), comp_key and comp_value "
                  "(a dict comprehension's)."},
                 {"position", ColumnType::kInt32, kRequired,
                  "0-based position among the parent's parts (a pair's key and value share one)."},
                 {"key_id", ColumnType::kUInt64, kNullable,
                  "value: the pair's key expression (cst_exprs.expr_id)."},
             },
         .key = {"parent_id", "role", "position"},
         .sort = {"path", "parent_id", "position", "role"}});

  r.Add({.name = "cst_arguments",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Arguments of call expressions, in order: positional, `*args`, keyword and "
                "`**kwargs` arguments (a bare generator argument `f(x for x in y)` is positional "
                "argument 0). Decorator applications have none: the decorated definition is their "
                "argument.",
         .columns =
             {
                 {"arg_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_argument', path, bstart, bend)."},
                 kFileId,
                 kPath,
                 {"call_id", ColumnType::kUInt64, kRequired, "The call (cst_callsites)."},
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the argument is evaluated."},
                 {"index", ColumnType::kInt32, kRequired,
                  "0-based position among all the call's arguments."},
                 {"position", ColumnType::kInt32, kNullable,
                  "0-based position among the positional and `*` arguments; NULL for keyword and "
                  "`**` arguments."},
                 {"keyword", ColumnType::kString, kNullable, "The keyword of `name=value`."},
                 {"star", ColumnType::kString, kNullable, "`*` or `**`; NULL otherwise."},
                 {"after_star", ColumnType::kBool, kRequired,
                  "A positional argument after a `*` argument: its parameter is not known from "
                  "its position."},
                 {"expr_id", ColumnType::kUInt64, kRequired,
                  "The value (cst_exprs.expr_id): the operand of `*` and `**`."},
                 {"bstart", ColumnType::kInt64, kRequired,
                  "Start of the argument (its keyword or star included)."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the argument (exclusive)."},
             },
         .key = {"arg_id"},
         .sort = {"path", "bstart", "arg_id"}});

  r.Add({.name = "cst_returns",
         .kind = TableKind::kEvidence,
         .layer = Layer::kCst,
         .doc = "Values a function hands back: `return` statements, `yield` and `yield from` "
                "expressions, the body of every lambda, and the exceptions `raise` statements "
                "throw.",
         .columns =
             {
                 {"return_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_return', path, bstart, bend) of the statement or expression; "
                  "a lambda's is its body's span."},
                 kFileId,
                 kPath,
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "The scope where the value is evaluated."},
                 {"def_id", ColumnType::kUInt64, kNullable,
                  "The function or lambda (cst_defs) the value leaves; NULL outside any (a raise "
                  "at module level or in a class body)."},
                 {"kind", ColumnType::kString, kRequired,
                  "return, yield, yield_from, lambda or raise (the exception raised; a bare "
                  "`raise` has no value; the `from` cause is not the value)."},
                 {"expr_id", ColumnType::kUInt64, kNullable,
                  "The value (cst_exprs.expr_id); NULL for a bare `return` or `yield`."},
                 {"bstart", ColumnType::kInt64, kRequired, "Start."},
                 {"bend", ColumnType::kInt64, kRequired, "End (exclusive)."},
             },
         .key = {"return_id"},
         .sort = {"path", "bstart", "return_id"}});

  r.Add(
      {.name = "cst_targets",
       .kind = TableKind::kEvidence,
       .layer = Layer::kCst,
       .doc = "What binding constructs store into, nested as written: the targets of assignments "
              "(plain, annotated, augmented, walrus), `for` and comprehension loops, `with ... as` "
              "and `except ... as`. A destructuring target is a tuple row whose elements are rows "
              "with its target_id as parent_id; `a = b = v` gives two top-level rows.",
       .columns =
           {
               {"target_id", ColumnType::kUInt64, kRequired,
                "Stable ID: a name's store cst_name_refs.ref_id, an attribute's "
                "cst_attributes.attr_id, a subscript's or tuple's ('cst_target', path, bstart, "
                "bend)."},
               kFileId,
               kPath,
               {"scope_id", ColumnType::kUInt64, kRequired, "The scope where the target is bound."},
               {"site", ColumnType::kString, kRequired,
                "assign, annassign, augassign, walrus, for, comprehension, with or except."},
               {"target_kind", ColumnType::kString, kRequired,
                "name, attribute, subscript or tuple (a tuple or list of targets)."},
               {"source_id", ColumnType::kUInt64, kNullable,
                "Top-level rows: the value assigned, the iterable looped over, the context "
                "manager, the exception class matched (cst_exprs.expr_id); NULL for an "
                "annotation without a value and for elements."},
               {"parent_id", ColumnType::kUInt64, kNullable, "An element's tuple target."},
               {"position", ColumnType::kInt32, kNullable, "An element's 0-based position."},
               {"starred", ColumnType::kBool, kRequired, "A `*rest` element."},
               {"name", ColumnType::kString, kNullable,
                "A name target's identifier; an attribute target's attribute name."},
               {"base_id", ColumnType::kUInt64, kNullable,
                "An attribute or subscript target's receiver (cst_exprs.expr_id)."},
               {"key_id", ColumnType::kUInt64, kNullable,
                "A subscript target's index (cst_exprs.expr_id)."},
               {"bstart", ColumnType::kInt64, kRequired, "Start of the target."},
               {"bend", ColumnType::kInt64, kRequired, "End of the target (exclusive)."},
           },
       .key = {"target_id"},
       .sort = {"path", "bstart", "target_id"}});
}

#undef CA_CUT_TEXT
#undef CA_DOTTED_CAP

}  // namespace codeanatomy::schema
