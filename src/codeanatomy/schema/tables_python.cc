// Evidence tables of the python layer (extract/python/, embedded CPython 3.11): symtable scopes
// and symbols, bytecode code units, instructions, exception table, basic blocks and CFG edges, and
// (behind --ast) the `ast` tree.
//
// Positions follow CPython: line numbers are 1-based, columns are 0-based UTF-8 byte offsets within
// the line. No table here carries byte spans: normalize/ converts (line, col) to spans.
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

namespace {

ColumnDef FileId() {
  return {"file_id", ColumnType::kUInt64, kRequired, "The file (repo_files.file_id)."};
}
ColumnDef Path() { return {"path", ColumnType::kString, kRequired, "The file's path."}; }

ColumnDef Flag(std::string_view name, std::string_view doc) {
  return {name, ColumnType::kBool, kRequired, doc};
}

void RegisterSymtableTables(TableRegistry& r) {
  r.Add({.name = "sym_scopes",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Scopes (symbol-table blocks) of CPython's `symtable`: the module, every class, "
                "function, lambda and comprehension.",
         .columns =
             {
                 {"scope_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('sym_scope', path, nesting_path)."},
                 FileId(),
                 Path(),
                 {"parent_scope_id", ColumnType::kUInt64, kNullable,
                  "The enclosing scope; NULL for the module."},
                 {"scope_type", ColumnType::kString, kRequired, "module, class or function."},
                 {"name", ColumnType::kString, kRequired,
                  "As symtable names it: `top` for the module, the class or function name, "
                  "`lambda`, `listcomp`, `setcomp`, `dictcomp`, `genexpr`."},
                 {"lineno", ColumnType::kInt32, kRequired,
                  "1-based line of the block's start (0 for the module)."},
                 {"child_index", ColumnType::kInt32, kRequired,
                  "0-based position among the parent's children (0 for the module)."},
                 {"nesting_path", ColumnType::kString, kRequired,
                  "Child indexes from the module, `/`-separated (`0/3/1`); empty for the module."},
                 Flag("is_nested", "A class or function nested in a function (symtable `nested`)."),
                 Flag("is_optimized", "A function scope: its locals are fast locals."),
                 Flag("has_children", "The scope has nested scopes."),
             },
         .key = {"scope_id"},
         .sort = {"path", "nesting_path", "scope_id"}});

  r.Add({.name = "sym_symbols",
         .kind = TableKind::kEvidence,
         .layer = Layer::kSymtable,
         .doc =
             "Symbols of each scope, with the flags of Python's `symtable.Symbol` (is_global and "
             "is_local also count names bound at module level, as symtable.py does).",
         .columns =
             {
                 {"symbol_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('sym_symbol', scope_id, name)."},
                 FileId(),
                 Path(),
                 {"scope_id", ColumnType::kUInt64, kRequired, "The scope (sym_scopes.scope_id)."},
                 {"name", ColumnType::kString, kRequired,
                  "The identifier, after private-name mangling (`_C__x`)."},
                 {"flags", ColumnType::kInt32, kRequired,
                  "CPython's raw symbol flags (DEF_* bits, the scope in bits SCOPE_OFF..)."},
                 Flag("is_referenced", "Used (read) in the scope."),
                 Flag("is_assigned", "Bound in the scope (assignment, def, import, for target …)."),
                 Flag("is_imported", "Bound by an import statement."),
                 Flag("is_annotated", "Has an annotation in the scope."),
                 Flag("is_parameter", "A parameter of the function."),
                 Flag("is_global", "Global: declared, implicit, or bound at module level."),
                 Flag("is_declared_global", "Declared with a `global` statement."),
                 Flag("is_nonlocal", "Declared with a `nonlocal` statement."),
                 Flag("is_local", "Local to the scope (local or cell, or bound at module level)."),
                 Flag("is_free", "Free: refers to a binding of an enclosing function scope."),
                 Flag("is_cell", "A cell variable: local, and captured by a nested scope."),
                 Flag("is_namespace",
                      "Some child scope has the symbol's name (a def or class binding it)."),
             },
         .key = {"symbol_id"},
         .sort = {"path", "scope_id", "name"}});

  r.Add({.name = "sym_scope_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Parent scope -> child scope.",
         .columns =
             {
                 {"edge_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('sym_scope_edge', parent_scope_id, child_scope_id)."},
                 FileId(),
                 Path(),
                 {"parent_scope_id", ColumnType::kUInt64, kRequired, "The enclosing scope."},
                 {"child_scope_id", ColumnType::kUInt64, kRequired, "The nested scope."},
             },
         .key = {"edge_id"},
         .sort = {"path", "parent_scope_id", "child_scope_id"}});

  r.Add({.name = "sym_namespace_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kSymtable,
         .doc = "A symbol whose namespace is a child scope: the name bound by a def or class "
                "statement -> the scope of that def or class (a name may have several).",
         .columns =
             {
                 {"edge_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('sym_namespace_edge', symbol_id, child_scope_id)."},
                 FileId(),
                 Path(),
                 {"scope_id", ColumnType::kUInt64, kRequired, "The scope holding the symbol."},
                 {"symbol_id", ColumnType::kUInt64, kRequired, "The symbol."},
                 {"child_scope_id", ColumnType::kUInt64, kRequired,
                  "The child scope with the symbol's name."},
             },
         .key = {"edge_id"},
         .sort = {"path", "symbol_id", "child_scope_id"}});
}

void RegisterBytecodeTables(TableRegistry& r) {
  r.Add({.name = "bc_code_units",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Code objects of `compile(text, path, 'exec')`: the module and, recursively, every "
                "code object in co_consts (functions, classes, lambdas, comprehensions).",
         .columns =
             {
                 {"code_unit_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('bc_code', path, nesting_path)."},
                 FileId(),
                 Path(),
                 {"parent_code_unit_id", ColumnType::kUInt64, kNullable,
                  "The code object whose co_consts holds this one; NULL for the module."},
                 {"scope_id", ColumnType::kUInt64, kNullable,
                  "The sym_scopes block this code object compiles: among the parent's child "
                  "scopes, the k-th with the same name (`<lambda>` is `lambda`, `<module>` is "
                  "`top`) for the parent's k-th code child of that name. Code children and child "
                  "scopes are not always in the same order, and a block the compiler drops (under "
                  "`if 0:`) has a scope but no code object."},
                 {"nesting_path", ColumnType::kString, kRequired,
                  "Indexes among the code objects of each parent's co_consts, from the module, "
                  "`/`-separated; empty for the module."},
                 {"child_index", ColumnType::kInt32, kRequired,
                  "0-based position among the parent's code-object constants (0 for the module)."},
                 {"co_name", ColumnType::kString, kRequired, "co_name (`<module>`, `f`, …)."},
                 {"co_qualname", ColumnType::kString, kRequired, "co_qualname (`C.m.<locals>.g`)."},
                 {"first_line", ColumnType::kInt32, kRequired, "co_firstlineno (1-based)."},
                 {"argcount", ColumnType::kInt32, kRequired, "co_argcount."},
                 {"posonlyargcount", ColumnType::kInt32, kRequired, "co_posonlyargcount."},
                 {"kwonlyargcount", ColumnType::kInt32, kRequired, "co_kwonlyargcount."},
                 {"nlocals", ColumnType::kInt32, kRequired, "co_nlocals."},
                 {"stacksize", ColumnType::kInt32, kRequired, "co_stacksize."},
                 {"flags", ColumnType::kInt32, kRequired, "co_flags (CO_* bits)."},
                 {"code_len", ColumnType::kInt32, kRequired,
                  "Bytes of co_code, inline CACHE entries included."},
             },
         .key = {"code_unit_id"},
         .sort = {"path", "nesting_path", "code_unit_id"}});

  r.Add(
      {.name = "bc_instructions",
       .kind = TableKind::kEvidence,
       .layer = Layer::kBytecode,
       .doc = "Bytecode instructions of each code unit, decoded natively from the unquickened "
              "co_code, co_linetable and co_exceptiontable, as `dis` shows them (inline CACHE "
              "entries skipped, EXTENDED_ARG kept as its own instruction).",
       .columns =
           {
               {"instr_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('bc_instr', code_unit_id, offset)."},
               FileId(),
               Path(),
               {"code_unit_id", ColumnType::kUInt64, kRequired, "The code unit."},
               {"instr_index", ColumnType::kInt32, kRequired,
                "0-based position in the code unit's instruction sequence."},
               {"offset", ColumnType::kInt32, kRequired, "Byte offset in co_code."},
               {"opcode", ColumnType::kInt32, kRequired, "The opcode number."},
               {"opname", ColumnType::kString, kRequired, "The opcode name (`LOAD_FAST`)."},
               {"arg", ColumnType::kInt64, kNullable,
                "The oparg, EXTENDED_ARG prefixes applied; NULL for opcodes without argument."},
               {"argval", ColumnType::kString, kNullable,
                "The resolved argument as text: the name (co_names / local / cell / free), the "
                "constant's repr (code objects render as `<code object f, file \"p\", line 3>`, "
                "without address), the jump target offset, the comparison operator; the plain "
                "oparg otherwise. KW_NAMES resolves to the keyword-name tuple. NULL without "
                "argument."},
               {"argrepr", ColumnType::kString, kRequired,
                "What `dis` prints in parentheses (`NULL + print`, `to 24`, `+=`); empty when "
                "none."},
               {"jump_target", ColumnType::kInt32, kNullable,
                "Offset the instruction jumps to (relative jumps resolved); NULL when not a jump."},
               {"is_jump_target", ColumnType::kBool, kRequired,
                "Some jump or exception-table entry targets this offset (`>>` in dis.dis)."},
               {"starts_line", ColumnType::kInt32, kNullable,
                "1-based line when the instruction starts a source line (dis.findlinestarts); "
                "NULL otherwise."},
               {"start_line", ColumnType::kInt32, kNullable,
                "co_positions(): 1-based first line; NULL when the instruction has no location."},
               {"end_line", ColumnType::kInt32, kNullable, "co_positions(): 1-based last line."},
               {"start_col", ColumnType::kInt32, kNullable,
                "co_positions(): 0-based UTF-8 byte column on start_line."},
               {"end_col", ColumnType::kInt32, kNullable,
                "co_positions(): 0-based UTF-8 byte column on end_line (exclusive)."},
           },
       .key = {"instr_id"},
       .sort = {"path", "code_unit_id", "offset"}});

  r.Add({.name = "bc_exception_table",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Entries of co_exceptiontable (3.11 zero-cost exceptions), in table order.",
         .columns =
             {
                 {"entry_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('bc_exc_entry', code_unit_id, entry_index)."},
                 FileId(),
                 Path(),
                 {"code_unit_id", ColumnType::kUInt64, kRequired, "The code unit."},
                 {"entry_index", ColumnType::kInt32, kRequired, "0-based position in the table."},
                 {"start_offset", ColumnType::kInt32, kRequired, "First covered byte offset."},
                 {"end_offset", ColumnType::kInt32, kRequired, "End of the range (exclusive)."},
                 {"target_offset", ColumnType::kInt32, kRequired, "The handler's offset."},
                 {"depth", ColumnType::kInt32, kRequired, "Stack depth the handler unwinds to."},
                 {"lasti", ColumnType::kBool, kRequired,
                  "The handler expects the offset of the raising instruction pushed."},
             },
         .key = {"entry_id"},
         .sort = {"path", "code_unit_id", "entry_index"}});

  r.Add(
      {.name = "bc_blocks",
       .kind = TableKind::kEvidence,
       .layer = Layer::kBytecode,
       .doc = "Basic blocks of each code unit. Boundaries: offset 0, every jump target, the "
              "instruction after any jump, return, raise or reraise, and every exception-table "
              "start, end and target.",
       .columns =
           {
               {"block_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('bc_block', code_unit_id, start_offset)."},
               FileId(),
               Path(),
               {"code_unit_id", ColumnType::kUInt64, kRequired, "The code unit."},
               {"start_offset", ColumnType::kInt32, kRequired, "Offset of the first instruction."},
               {"end_offset", ColumnType::kInt32, kRequired,
                "Start of the next block, or code_len (exclusive)."},
               {"kind", ColumnType::kString, kRequired,
                "entry (offset 0), handler (an exception-table target) or normal."},
               {"first_instr_index", ColumnType::kInt32, kRequired,
                "instr_index of the first instruction."},
               {"last_instr_index", ColumnType::kInt32, kRequired,
                "instr_index of the last instruction."},
           },
       .key = {"block_id"},
       .sort = {"path", "code_unit_id", "start_offset"}});

  r.Add(
      {.name = "bc_cfg_edges",
       .kind = TableKind::kEvidence,
       .layer = Layer::kBytecode,
       .doc = "Control-flow edges between the basic blocks of a code unit.",
       .columns =
           {
               {"edge_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('bc_cfg_edge', code_unit_id, src_block_id, dst_block_id, kind, "
                "exc_entry_index)."},
               FileId(),
               Path(),
               {"code_unit_id", ColumnType::kUInt64, kRequired, "The code unit."},
               {"src_block_id", ColumnType::kUInt64, kRequired, "The block control leaves."},
               {"dst_block_id", ColumnType::kUInt64, kRequired, "The block control enters."},
               {"kind", ColumnType::kString, kRequired,
                "next: fall-through from a block not ending in a jump, return, raise or reraise. "
                "jump: an unconditional jump (JUMP_FORWARD, JUMP_BACKWARD, …). branch_true / "
                "branch_false: the two exits of a conditional jump, named after the value of the "
                "condition the opcode tests — the truth of TOS for *_IF_TRUE / *_IF_FALSE (so "
                "*_IF_FALSE jumps on branch_false and falls through on branch_true, *_IF_TRUE the "
                "reverse), `TOS is None` for *_IF_NONE and `TOS is not None` for *_IF_NOT_NONE "
                "(both jump on branch_true and fall through on branch_false); FOR_ITER and SEND: "
                "branch_true falls through with the next item, branch_false jumps when the "
                "iterator is exhausted. exception: from every block inside an exception-table "
                "range to its handler's block."},
               {"cond_offset", ColumnType::kInt32, kNullable,
                "Offset of the jump instruction ending src (jump and branch_* edges); NULL for "
                "next and exception."},
               {"exc_entry_index", ColumnType::kInt32, kNullable,
                "The exception-table entry (bc_exception_table.entry_index) of an exception "
                "edge; NULL otherwise."},
           },
       .key = {"edge_id"},
       .sort = {"path", "code_unit_id", "src_block_id", "edge_id"}});
}

void RegisterAstTables(TableRegistry& r) {
  r.Add({.name = "ast_nodes",
         .kind = TableKind::kEvidence,
         .layer = Layer::kAst,
         .doc = "Nodes of CPython's `ast` (`ast.parse(text)`), every node including expression "
                "contexts and operators. Filled only with `build --ast`.",
         .columns =
             {
                 {"node_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('ast_node', path, kind, lineno, col_offset, end_lineno, "
                  "end_col_offset, field_path)."},
                 FileId(),
                 Path(),
                 {"parent_node_id", ColumnType::kUInt64, kNullable,
                  "The parent node; NULL for the Module."},
                 {"kind", ColumnType::kString, kRequired, "The node class (`FunctionDef`)."},
                 {"field_name", ColumnType::kString, kNullable,
                  "The parent's field holding the node (`body`); NULL for the Module."},
                 {"field_pos", ColumnType::kInt32, kNullable,
                  "0-based index when that field is a list; NULL otherwise."},
                 {"field_path", ColumnType::kString, kRequired,
                  "Fields from the Module (`body[2].value.func`); empty for the Module."},
                 {"name", ColumnType::kString, kNullable,
                  "The node's `name`, `id`, `attr`, `arg` or `module` field (the first that is a "
                  "string)."},
                 {"value_repr", ColumnType::kString, kNullable,
                  "repr() of a Constant's value; NULL for other nodes."},
                 {"lineno", ColumnType::kInt32, kNullable, "1-based start line."},
                 {"col_offset", ColumnType::kInt32, kNullable,
                  "0-based UTF-8 byte column of the start."},
                 {"end_lineno", ColumnType::kInt32, kNullable, "1-based end line."},
                 {"end_col_offset", ColumnType::kInt32, kNullable,
                  "0-based UTF-8 byte column of the end (exclusive)."},
             },
         .key = {"node_id"},
         .sort = {"path", "field_path", "node_id"}});

  r.Add({.name = "ast_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kAst,
         .doc = "Parent -> child edges of the `ast` tree. Filled only with `build --ast`.",
         .columns =
             {
                 {"edge_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('ast_edge', parent_node_id, child_node_id)."},
                 FileId(),
                 Path(),
                 {"parent_node_id", ColumnType::kUInt64, kRequired, "The parent node."},
                 {"child_node_id", ColumnType::kUInt64, kRequired, "The child node."},
                 {"field_name", ColumnType::kString, kRequired, "The parent's field."},
                 {"field_pos", ColumnType::kInt32, kNullable,
                  "0-based index when the field is a list; NULL otherwise."},
             },
         .key = {"edge_id"},
         .sort = {"path", "parent_node_id", "edge_id"}});
}

}  // namespace

void RegisterPythonTables(TableRegistry& r) {
  RegisterSymtableTables(r);
  RegisterBytecodeTables(r);
  RegisterAstTables(r);
}

}  // namespace codeanatomy::schema
