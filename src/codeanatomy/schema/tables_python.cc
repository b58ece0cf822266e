// Evidence tables of the python layer (extract/python/, embedded CPython 3.11): symtable scopes
// and symbols, bytecode code units, instructions, exception table, basic blocks and CFG edges, and
// (behind --ast) the `ast` tree.
//
// Their columns are declared in rows_python.h.
#include "codeanatomy/schema/rows_python.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

namespace {

void RegisterSymtableTables(TableRegistry& r) {
  r.Add({.name = "sym_scopes",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Scopes (symbol-table blocks) of CPython's `symtable`: the module, every class, "
                "function, lambda and comprehension.",
         .columns = SymScopesRow::Columns(),
         .key = {"scope_id"},
         .sort = {"path", "nesting_path", "scope_id"}});

  r.Add({.name = "sym_symbols",
         .kind = TableKind::kEvidence,
         .layer = Layer::kSymtable,
         .doc =
             "Symbols of each scope, with the flags of Python's `symtable.Symbol` (is_global and "
             "is_local also count names bound at module level, as symtable.py does).",
         .columns = SymSymbolsRow::Columns(),
         .key = {"symbol_id"},
         .sort = {"path", "scope_id", "name"}});

  r.Add({.name = "sym_scope_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Parent scope -> child scope.",
         .columns = SymScopeEdgesRow::Columns(),
         .key = {"edge_id"},
         .sort = {"path", "parent_scope_id", "child_scope_id"}});

  r.Add({.name = "sym_namespace_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kSymtable,
         .doc = "A symbol whose namespace is a child scope: the name bound by a def or class "
                "statement -> the scope of that def or class (a name may have several).",
         .columns = SymNamespaceEdgesRow::Columns(),
         .key = {"edge_id"},
         .sort = {"path", "symbol_id", "child_scope_id"}});
}

void RegisterBytecodeTables(TableRegistry& r) {
  r.Add({.name = "bc_code_units",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Code objects of `compile(text, path, 'exec')`: the module and, recursively, every "
                "code object in co_consts (functions, classes, lambdas, comprehensions).",
         .columns = BcCodeUnitsRow::Columns(),
         .key = {"code_unit_id"},
         .sort = {"path", "nesting_path", "code_unit_id"}});

  r.Add({.name = "bc_instructions",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Bytecode instructions of each code unit, decoded natively from the unquickened "
                "co_code, co_linetable and co_exceptiontable, as `dis` shows them (inline CACHE "
                "entries skipped, EXTENDED_ARG kept as its own instruction).",
         .columns = BcInstructionsRow::Columns(),
         .key = {"instr_id"},
         .sort = {"path", "code_unit_id", "offset"}});

  r.Add({.name = "bc_exception_table",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Entries of co_exceptiontable (3.11 zero-cost exceptions), in table order.",
         .columns = BcExceptionTableRow::Columns(),
         .key = {"entry_id"},
         .sort = {"path", "code_unit_id", "entry_index"}});

  r.Add({.name = "bc_blocks",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Basic blocks of each code unit. Boundaries: offset 0, every jump target, the "
                "instruction after any jump, return, raise or reraise, and every exception-table "
                "start, end and target.",
         .columns = BcBlocksRow::Columns(),
         .key = {"block_id"},
         .sort = {"path", "code_unit_id", "start_offset"}});

  r.Add({.name = "bc_cfg_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kBytecode,
         .doc = "Control-flow edges between the basic blocks of a code unit.",
         .columns = BcCfgEdgesRow::Columns(),
         .key = {"edge_id"},
         .sort = {"path", "code_unit_id", "src_block_id", "edge_id"}});
}

void RegisterAstTables(TableRegistry& r) {
  r.Add({.name = "ast_nodes",
         .kind = TableKind::kEvidence,
         .layer = Layer::kAst,
         .doc = "Nodes of CPython's `ast` (`ast.parse(text)`), every node including expression "
                "contexts and operators. Filled only with `build --ast`.",
         .columns = AstNodesRow::Columns(),
         .key = {"node_id"},
         .sort = {"path", "field_path", "node_id"}});

  r.Add({.name = "ast_edges",
         .kind = TableKind::kEvidence,
         .layer = Layer::kAst,
         .doc = "Parent -> child edges of the `ast` tree. Filled only with `build --ast`.",
         .columns = AstEdgesRow::Columns(),
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
