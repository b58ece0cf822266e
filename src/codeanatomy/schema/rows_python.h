// codeanatomy/schema/rows_python.h
//
// The columns of the python layer's tables (tables_python.cc), one X-macro list per table, and the
// row each generates (row.h): the one place a column of these tables is declared.
//
// Positions follow CPython: line numbers are 1-based, columns are 0-based UTF-8 byte offsets within
// the line. No table here carries byte spans: normalize/ converts (line, col) to spans.
#pragma once

#include "codeanatomy/schema/row.h"

namespace codeanatomy::schema {

#define CA_PYTHON_FILE_COLUMNS(C)                                  \
  C(file_id, kUInt64, kRequired, "The file (repo_files.file_id).") \
  C(path, kString, kRequired, "The file's path.")

#define CA_SYM_SCOPES_COLUMNS(C)                                                                  \
  C(scope_id, kUInt64, kRequired, "Stable ID: ('sym_scope', path, nesting_path).")                \
  CA_PYTHON_FILE_COLUMNS(C)                                                                       \
  C(parent_scope_id, kUInt64, kNullable, "The enclosing scope; NULL for the module.")             \
  C(scope_type, kString, kRequired, "module, class or function.")                                 \
  C(name, kString, kRequired,                                                                     \
    "As symtable names it: `top` for the module, the class or function name, `lambda`, "          \
    "`listcomp`, `setcomp`, `dictcomp`, `genexpr`.")                                              \
  C(lineno, kInt32, kRequired, "1-based line of the block's start (0 for the module).")           \
  C(child_index, kInt32, kRequired,                                                               \
    "0-based position among the parent's children (0 for the module).")                           \
  C(nesting_path, kString, kRequired,                                                             \
    "Child indexes from the module, `/`-separated (`0/3/1`); empty for the module.")              \
  C(is_nested, kBool, kRequired, "A class or function nested in a function (symtable `nested`).") \
  C(is_optimized, kBool, kRequired, "A function scope: its locals are fast locals.")              \
  C(has_children, kBool, kRequired, "The scope has nested scopes.")
CA_ROW(SymScopesRow, CA_SYM_SCOPES_COLUMNS);

#define CA_SYM_SYMBOLS_COLUMNS(C)                                                                 \
  C(symbol_id, kUInt64, kRequired, "Stable ID: ('sym_symbol', scope_id, name).")                  \
  CA_PYTHON_FILE_COLUMNS(C)                                                                       \
  C(scope_id, kUInt64, kRequired, "The scope (sym_scopes.scope_id).")                             \
  C(name, kString, kRequired, "The identifier, after private-name mangling (`_C__x`).")           \
  C(flags, kInt32, kRequired,                                                                     \
    "CPython's raw symbol flags (DEF_* bits, the scope in bits SCOPE_OFF..).")                    \
  C(is_referenced, kBool, kRequired, "Used (read) in the scope.")                                 \
  C(is_assigned, kBool, kRequired, "Bound in the scope (assignment, def, import, for target …).") \
  C(is_imported, kBool, kRequired, "Bound by an import statement.")                               \
  C(is_annotated, kBool, kRequired, "Has an annotation in the scope.")                            \
  C(is_parameter, kBool, kRequired, "A parameter of the function.")                               \
  C(is_global, kBool, kRequired, "Global: declared, implicit, or bound at module level.")         \
  C(is_declared_global, kBool, kRequired, "Declared with a `global` statement.")                  \
  C(is_nonlocal, kBool, kRequired, "Declared with a `nonlocal` statement.")                       \
  C(is_local, kBool, kRequired, "Local to the scope (local or cell, or bound at module level).")  \
  C(is_free, kBool, kRequired, "Free: refers to a binding of an enclosing function scope.")       \
  C(is_cell, kBool, kRequired, "A cell variable: local, and captured by a nested scope.")         \
  C(is_namespace, kBool, kRequired,                                                               \
    "Some child scope has the symbol's name (a def or class binding it).")
CA_ROW(SymSymbolsRow, CA_SYM_SYMBOLS_COLUMNS);

#define CA_SYM_SCOPE_EDGES_COLUMNS(C)                                  \
  C(edge_id, kUInt64, kRequired,                                       \
    "Stable ID: ('sym_scope_edge', parent_scope_id, child_scope_id).") \
  CA_PYTHON_FILE_COLUMNS(C)                                            \
  C(parent_scope_id, kUInt64, kRequired, "The enclosing scope.")       \
  C(child_scope_id, kUInt64, kRequired, "The nested scope.")
CA_ROW(SymScopeEdgesRow, CA_SYM_SCOPE_EDGES_COLUMNS);

#define CA_SYM_NAMESPACE_EDGES_COLUMNS(C)                                                         \
  C(edge_id, kUInt64, kRequired, "Stable ID: ('sym_namespace_edge', symbol_id, child_scope_id).") \
  CA_PYTHON_FILE_COLUMNS(C)                                                                       \
  C(scope_id, kUInt64, kRequired, "The scope holding the symbol.")                                \
  C(symbol_id, kUInt64, kRequired, "The symbol.")                                                 \
  C(child_scope_id, kUInt64, kRequired, "The child scope with the symbol's name.")
CA_ROW(SymNamespaceEdgesRow, CA_SYM_NAMESPACE_EDGES_COLUMNS);

#define CA_BC_CODE_UNITS_COLUMNS(C)                                                                \
  C(code_unit_id, kUInt64, kRequired, "Stable ID: ('bc_code', path, nesting_path).")               \
  CA_PYTHON_FILE_COLUMNS(C)                                                                        \
  C(parent_code_unit_id, kUInt64, kNullable,                                                       \
    "The code object whose co_consts holds this one; NULL for the module.")                        \
  C(scope_id, kUInt64, kNullable,                                                                  \
    "The sym_scopes block this code object compiles: among the parent's child scopes, the k-th "   \
    "with the same name (`<lambda>` is `lambda`, `<module>` is `top`) for the parent's k-th code " \
    "child of that name. Code children and child scopes are not always in the same order, and a "  \
    "block the compiler drops (under `if 0:`) has a scope but no code object.")                    \
  C(nesting_path, kString, kRequired,                                                              \
    "Indexes among the code objects of each parent's co_consts, from the module, `/`-separated; "  \
    "empty for the module.")                                                                       \
  C(child_index, kInt32, kRequired,                                                                \
    "0-based position among the parent's code-object constants (0 for the module).")               \
  C(co_name, kString, kRequired, "co_name (`<module>`, `f`, …).")                                  \
  C(co_qualname, kString, kRequired, "co_qualname (`C.m.<locals>.g`).")                            \
  C(first_line, kInt32, kRequired, "co_firstlineno (1-based).")                                    \
  C(argcount, kInt32, kRequired, "co_argcount.")                                                   \
  C(posonlyargcount, kInt32, kRequired, "co_posonlyargcount.")                                     \
  C(kwonlyargcount, kInt32, kRequired, "co_kwonlyargcount.")                                       \
  C(nlocals, kInt32, kRequired, "co_nlocals.")                                                     \
  C(stacksize, kInt32, kRequired, "co_stacksize.")                                                 \
  C(flags, kInt32, kRequired, "co_flags (CO_* bits).")                                             \
  C(code_len, kInt32, kRequired, "Bytes of co_code, inline CACHE entries included.")
CA_ROW(BcCodeUnitsRow, CA_BC_CODE_UNITS_COLUMNS);

#define CA_BC_INSTRUCTIONS_COLUMNS(C)                                                            \
  C(instr_id, kUInt64, kRequired, "Stable ID: ('bc_instr', code_unit_id, offset).")              \
  CA_PYTHON_FILE_COLUMNS(C)                                                                      \
  C(code_unit_id, kUInt64, kRequired, "The code unit.")                                          \
  C(instr_index, kInt32, kRequired, "0-based position in the code unit's instruction sequence.") \
  C(offset, kInt32, kRequired, "Byte offset in co_code.")                                        \
  C(opcode, kInt32, kRequired, "The opcode number.")                                             \
  C(opname, kString, kRequired, "The opcode name (`LOAD_FAST`).")                                \
  C(arg, kInt64, kNullable,                                                                      \
    "The oparg, EXTENDED_ARG prefixes applied; NULL for opcodes without argument.")              \
  C(argval, kString, kNullable,                                                                  \
    "The resolved argument as text: the name (co_names / local / cell / free), the constant's "  \
    "repr (code objects render as `<code object f, file \"p\", line 3>`, without address), the " \
    "jump target offset, the comparison operator; the plain oparg otherwise. KW_NAMES resolves " \
    "to the keyword-name tuple. NULL without argument.")                                         \
  C(argrepr, kString, kRequired,                                                                 \
    "What `dis` prints in parentheses (`NULL + print`, `to 24`, `+=`); empty when none.")        \
  C(jump_target, kInt32, kNullable,                                                              \
    "Offset the instruction jumps to (relative jumps resolved); NULL when not a jump.")          \
  C(is_jump_target, kBool, kRequired,                                                            \
    "Some jump or exception-table entry targets this offset (`>>` in dis.dis).")                 \
  C(starts_line, kInt32, kNullable,                                                              \
    "1-based line when the instruction starts a source line (dis.findlinestarts); NULL "         \
    "otherwise.")                                                                                \
  C(start_line, kInt32, kNullable,                                                               \
    "co_positions(): 1-based first line; NULL when the instruction has no location.")            \
  C(end_line, kInt32, kNullable, "co_positions(): 1-based last line.")                           \
  C(start_col, kInt32, kNullable, "co_positions(): 0-based UTF-8 byte column on start_line.")    \
  C(end_col, kInt32, kNullable,                                                                  \
    "co_positions(): 0-based UTF-8 byte column on end_line (exclusive).")
CA_ROW(BcInstructionsRow, CA_BC_INSTRUCTIONS_COLUMNS);

#define CA_BC_EXCEPTION_TABLE_COLUMNS(C)                                                     \
  C(entry_id, kUInt64, kRequired, "Stable ID: ('bc_exc_entry', code_unit_id, entry_index).") \
  CA_PYTHON_FILE_COLUMNS(C)                                                                  \
  C(code_unit_id, kUInt64, kRequired, "The code unit.")                                      \
  C(entry_index, kInt32, kRequired, "0-based position in the table.")                        \
  C(start_offset, kInt32, kRequired, "First covered byte offset.")                           \
  C(end_offset, kInt32, kRequired, "End of the range (exclusive).")                          \
  C(target_offset, kInt32, kRequired, "The handler's offset.")                               \
  C(depth, kInt32, kRequired, "Stack depth the handler unwinds to.")                         \
  C(lasti, kBool, kRequired, "The handler expects the offset of the raising instruction pushed.")
CA_ROW(BcExceptionTableRow, CA_BC_EXCEPTION_TABLE_COLUMNS);

#define CA_BC_BLOCKS_COLUMNS(C)                                                                   \
  C(block_id, kUInt64, kRequired, "Stable ID: ('bc_block', code_unit_id, start_offset).")         \
  CA_PYTHON_FILE_COLUMNS(C)                                                                       \
  C(code_unit_id, kUInt64, kRequired, "The code unit.")                                           \
  C(start_offset, kInt32, kRequired, "Offset of the first instruction.")                          \
  C(end_offset, kInt32, kRequired, "Start of the next block, or code_len (exclusive).")           \
  C(kind, kString, kRequired, "entry (offset 0), handler (an exception-table target) or normal.") \
  C(first_instr_index, kInt32, kRequired, "instr_index of the first instruction.")                \
  C(last_instr_index, kInt32, kRequired, "instr_index of the last instruction.")
CA_ROW(BcBlocksRow, CA_BC_BLOCKS_COLUMNS);

#define CA_BC_CFG_EDGES_COLUMNS(C)                                                                  \
  C(edge_id, kUInt64, kRequired,                                                                    \
    "Stable ID: ('bc_cfg_edge', code_unit_id, src_block_id, dst_block_id, kind, "                   \
    "exc_entry_index).")                                                                            \
  CA_PYTHON_FILE_COLUMNS(C)                                                                         \
  C(code_unit_id, kUInt64, kRequired, "The code unit.")                                             \
  C(src_block_id, kUInt64, kRequired, "The block control leaves.")                                  \
  C(dst_block_id, kUInt64, kRequired, "The block control enters.")                                  \
  C(kind, kString, kRequired,                                                                       \
    "next: fall-through from a block not ending in a jump, return, raise or reraise. jump: an "     \
    "unconditional jump (JUMP_FORWARD, JUMP_BACKWARD, …). branch_true / branch_false: the two "   \
    "exits of a conditional jump, named after the value of the condition the opcode tests — the " \
    "truth of TOS for *_IF_TRUE / *_IF_FALSE (so *_IF_FALSE jumps on branch_false and falls "       \
    "through on branch_true, *_IF_TRUE the reverse), `TOS is None` for *_IF_NONE and `TOS is not "  \
    "None` for *_IF_NOT_NONE (both jump on branch_true and fall through on branch_false); "         \
    "FOR_ITER and SEND: branch_true falls through with the next item, branch_false jumps when "     \
    "the iterator is exhausted. exception: from every block inside an exception-table range to "    \
    "its handler's block.")                                                                         \
  C(cond_offset, kInt32, kNullable,                                                                 \
    "Offset of the jump instruction ending src (jump and branch_* edges); NULL for next and "       \
    "exception.")                                                                                   \
  C(exc_entry_index, kInt32, kNullable,                                                             \
    "The exception-table entry (bc_exception_table.entry_index) of an exception edge; NULL "        \
    "otherwise.")
CA_ROW(BcCfgEdgesRow, CA_BC_CFG_EDGES_COLUMNS);

#define CA_AST_NODES_COLUMNS(C)                                                               \
  C(node_id, kUInt64, kRequired,                                                              \
    "Stable ID: ('ast_node', path, kind, lineno, col_offset, end_lineno, end_col_offset, "    \
    "field_path).")                                                                           \
  CA_PYTHON_FILE_COLUMNS(C)                                                                   \
  C(parent_node_id, kUInt64, kNullable, "The parent node; NULL for the Module.")              \
  C(kind, kString, kRequired, "The node class (`FunctionDef`).")                              \
  C(field_name, kString, kNullable,                                                           \
    "The parent's field holding the node (`body`); NULL for the Module.")                     \
  C(field_pos, kInt32, kNullable, "0-based index when that field is a list; NULL otherwise.") \
  C(field_path, kString, kRequired,                                                           \
    "Fields from the Module (`body[2].value.func`); empty for the Module.")                   \
  C(name, kString, kNullable,                                                                 \
    "The node's `name`, `id`, `attr`, `arg` or `module` field (the first that is a string).") \
  C(value_repr, kString, kNullable, "repr() of a Constant's value; NULL for other nodes.")    \
  C(lineno, kInt32, kNullable, "1-based start line.")                                         \
  C(col_offset, kInt32, kNullable, "0-based UTF-8 byte column of the start.")                 \
  C(end_lineno, kInt32, kNullable, "1-based end line.")                                       \
  C(end_col_offset, kInt32, kNullable, "0-based UTF-8 byte column of the end (exclusive).")
CA_ROW(AstNodesRow, CA_AST_NODES_COLUMNS);

#define CA_AST_EDGES_COLUMNS(C)                                                             \
  C(edge_id, kUInt64, kRequired, "Stable ID: ('ast_edge', parent_node_id, child_node_id).") \
  CA_PYTHON_FILE_COLUMNS(C)                                                                 \
  C(parent_node_id, kUInt64, kRequired, "The parent node.")                                 \
  C(child_node_id, kUInt64, kRequired, "The child node.")                                   \
  C(field_name, kString, kRequired, "The parent's field.")                                  \
  C(field_pos, kInt32, kNullable, "0-based index when the field is a list; NULL otherwise.")
CA_ROW(AstEdgesRow, CA_AST_EDGES_COLUMNS);

}  // namespace codeanatomy::schema
