#include "codeanatomy/extract/python/python_extractor.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <signal.h>

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/testing.h"
#include "codeanatomy/extract/python/file_extractor.h"
#include "codeanatomy/extract/python/python_runtime.h"

namespace codeanatomy::extract::python {
namespace {

using base::Table;

source::SourceFile File(std::string path, std::string text) {
  source::SourceFile f;
  f.path = std::move(path);
  f.file_id = base::StableId("file", f.path);
  f.status = "ok";
  f.text = std::move(text);
  return f;
}

PythonResult ExtractAll(const std::vector<source::SourceFile>& files, PythonOptions options = {}) {
  auto result = ExtractFiles(files, options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? std::move(result).value() : PythonResult{};
}

PythonTables Extract(const std::string& text, bool ast = false) {
  PythonOptions options;
  options.ast = ast;
  return ExtractAll({File("m.py", text)}, options).tables;
}

//! A cell as text: strings raw, numbers in decimal, booleans true/false, NULL as "NULL".
std::string Cell(const Table& t, std::string_view column, size_t row) {
  const base::Column& c = t.column(column);
  if (!c.IsValid(row)) return "NULL";
  switch (c.type()) {
    case base::ColumnType::kString:
      return std::string(c.GetString(row));
    case base::ColumnType::kBool:
      return c.GetBool(row) ? "true" : "false";
    case base::ColumnType::kInt32:
      return std::to_string(c.GetInt32(row));
    case base::ColumnType::kInt64:
      return std::to_string(c.GetInt64(row));
    case base::ColumnType::kUInt64:
      return std::to_string(c.GetUInt64(row));
    case base::ColumnType::kDouble:
    case base::ColumnType::kStringList:
      break;
  }
  return c.GetValue(row).ToString();
}

using Where = std::vector<std::pair<std::string_view, std::string>>;

//! Rows of `t` matching every (column, text) of `where`.
std::vector<size_t> Rows(const Table& t, const Where& where) {
  std::vector<size_t> out;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    bool match = true;
    for (const auto& [column, value] : where) match = match && Cell(t, column, r) == value;
    if (match) out.push_back(r);
  }
  return out;
}

//! The one row matching `where` (a test failure and row 0 when there is not exactly one).
size_t Row(const Table& t, const Where& where) {
  auto rows = Rows(t, where);
  EXPECT_EQ(rows.size(), 1u) << "rows matching the condition";
  return rows.empty() ? 0 : rows[0];
}

std::string Serialized(const PythonTables& t) {
  std::string bytes;
  t.SerializeTo(&bytes);
  return bytes;
}

TEST(PythonSymtableTest, ClosureVariableIsFreeInTheInnerFunctionAndCellInTheOuter) {
  PythonTables t = Extract(
      "def f():\n"
      "    x = 1\n"
      "    def g():\n"
      "        return x\n"
      "    return g\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 0u);
  ASSERT_EQ(t.sym_scopes.num_rows(), 3u);
  const size_t top = Row(t.sym_scopes, {{"name", "top"}});
  const size_t f = Row(t.sym_scopes, {{"name", "f"}});
  const size_t g = Row(t.sym_scopes, {{"name", "g"}});
  EXPECT_EQ(Cell(t.sym_scopes, "scope_type", top), "module");
  EXPECT_EQ(Cell(t.sym_scopes, "parent_scope_id", top), "NULL");
  EXPECT_EQ(Cell(t.sym_scopes, "nesting_path", top), "");
  EXPECT_EQ(Cell(t.sym_scopes, "scope_type", f), "function");
  EXPECT_EQ(Cell(t.sym_scopes, "parent_scope_id", f), Cell(t.sym_scopes, "scope_id", top));
  EXPECT_EQ(Cell(t.sym_scopes, "nesting_path", g), "0/0");
  EXPECT_EQ(Cell(t.sym_scopes, "lineno", g), "3");
  EXPECT_EQ(Cell(t.sym_scopes, "is_nested", g), "true");
  EXPECT_EQ(Cell(t.sym_scopes, "is_nested", f), "false");
  EXPECT_EQ(Cell(t.sym_scopes, "is_optimized", f), "true");
  EXPECT_EQ(Cell(t.sym_scopes, "scope_id", g),
            std::to_string(base::StableId("sym_scope", "m.py", "0/0")));

  const std::string f_id = Cell(t.sym_scopes, "scope_id", f);
  const std::string g_id = Cell(t.sym_scopes, "scope_id", g);
  const size_t gx = Row(t.sym_symbols, {{"scope_id", g_id}, {"name", "x"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_free", gx), "true");
  EXPECT_EQ(Cell(t.sym_symbols, "is_local", gx), "false");
  EXPECT_EQ(Cell(t.sym_symbols, "is_referenced", gx), "true");
  const size_t fx = Row(t.sym_symbols, {{"scope_id", f_id}, {"name", "x"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_local", fx), "true");
  EXPECT_EQ(Cell(t.sym_symbols, "is_cell", fx), "true");
  EXPECT_EQ(Cell(t.sym_symbols, "is_free", fx), "false");
  EXPECT_EQ(Cell(t.sym_symbols, "is_assigned", fx), "true");

  // `g` in f is a namespace symbol: its namespace edge points at g's scope.
  const size_t fg = Row(t.sym_symbols, {{"scope_id", f_id}, {"name", "g"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_namespace", fg), "true");
  const size_t edge =
      Row(t.sym_namespace_edges, {{"symbol_id", Cell(t.sym_symbols, "symbol_id", fg)}});
  EXPECT_EQ(Cell(t.sym_namespace_edges, "child_scope_id", edge), g_id);
  EXPECT_EQ(Rows(t.sym_scope_edges, {{"parent_scope_id", f_id}, {"child_scope_id", g_id}}).size(),
            1u);
}

TEST(PythonSymtableTest, GlobalsParametersImportsAndAnnotations) {
  PythonTables t = Extract(
      "import os\n"
      "counter = 0\n"
      "def bump(step: int):\n"
      "    global counter\n"
      "    total: int = counter + step\n"
      "    counter = total\n"
      "    return os.sep\n");
  const std::string bump = Cell(t.sym_scopes, "scope_id", Row(t.sym_scopes, {{"name", "bump"}}));
  const std::string top = Cell(t.sym_scopes, "scope_id", Row(t.sym_scopes, {{"name", "top"}}));
  const size_t os = Row(t.sym_symbols, {{"scope_id", top}, {"name", "os"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_imported", os), "true");
  EXPECT_EQ(Cell(t.sym_symbols, "is_global", os), "true");  // bound at module level
  const size_t counter = Row(t.sym_symbols, {{"scope_id", bump}, {"name", "counter"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_declared_global", counter), "true");
  EXPECT_EQ(Cell(t.sym_symbols, "is_local", counter), "false");
  const size_t step = Row(t.sym_symbols, {{"scope_id", bump}, {"name", "step"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_parameter", step), "true");
  // As in CPython, a parameter's annotation is not DEF_ANNOT in the function's scope.
  EXPECT_EQ(Cell(t.sym_symbols, "is_annotated", step), "false");
  const size_t total = Row(t.sym_symbols, {{"scope_id", bump}, {"name", "total"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_annotated", total), "true");
  EXPECT_EQ(Cell(t.sym_symbols, "is_local", total), "true");
  const size_t os_in_bump = Row(t.sym_symbols, {{"scope_id", bump}, {"name", "os"}});
  EXPECT_EQ(Cell(t.sym_symbols, "is_global", os_in_bump), "true");  // implicit global
  EXPECT_EQ(Cell(t.sym_symbols, "is_declared_global", os_in_bump), "false");
}

// Expectations written from `/usr/bin/python3.11 -c 'import dis; dis.dis(compile(SRC, "m.py",
// "exec"))'` and dis.get_instructions (Debian CPython 3.11.2).
constexpr const char* kIfSource =
    "x = len(y) + 1\n"
    "if x:\n"
    "    a()\n"
    "else:\n"
    "    b()\n";

TEST(PythonBytecodeTest, InstructionsMatchDis) {
  PythonTables t = Extract(kIfSource);
  ASSERT_EQ(t.bc_code_units.num_rows(), 1u);
  EXPECT_EQ(Cell(t.bc_code_units, "co_name", 0), "<module>");
  EXPECT_EQ(Cell(t.bc_code_units, "code_len", 0), "82");
  const auto& ins = t.bc_instructions;
  ASSERT_EQ(ins.num_rows(), 25u);  // CACHE entries are not instructions

  // 2  PUSH_NULL; LOAD_NAME 0 (len) at offset 4, positions (1, 1, 4, 7)
  size_t r = Row(ins, {{"offset", "4"}});
  EXPECT_EQ(Cell(ins, "opname", r), "LOAD_NAME");
  EXPECT_EQ(Cell(ins, "opcode", r), "101");
  EXPECT_EQ(Cell(ins, "arg", r), "0");
  EXPECT_EQ(Cell(ins, "argval", r), "len");
  EXPECT_EQ(Cell(ins, "argrepr", r), "len");
  EXPECT_EQ(Cell(ins, "instr_index", r), "2");
  EXPECT_EQ(Cell(ins, "starts_line", r), "NULL");
  EXPECT_EQ(Cell(ins, "start_line", r), "1");
  EXPECT_EQ(Cell(ins, "end_line", r), "1");
  EXPECT_EQ(Cell(ins, "start_col", r), "4");
  EXPECT_EQ(Cell(ins, "end_col", r), "7");

  // 22 LOAD_CONST 0 (1); 24 BINARY_OP 0 (+), positions (1, 1, 4, 14)
  r = Row(ins, {{"offset", "22"}});
  EXPECT_EQ(Cell(ins, "opname", r), "LOAD_CONST");
  EXPECT_EQ(Cell(ins, "argval", r), "1");
  r = Row(ins, {{"offset", "24"}});
  EXPECT_EQ(Cell(ins, "opname", r), "BINARY_OP");
  EXPECT_EQ(Cell(ins, "argval", r), "0");
  EXPECT_EQ(Cell(ins, "argrepr", r), "+");
  EXPECT_EQ(Cell(ins, "start_col", r), "4");
  EXPECT_EQ(Cell(ins, "end_col", r), "14");

  // 2  30 LOAD_NAME 2 (x): starts line 2
  r = Row(ins, {{"offset", "30"}});
  EXPECT_EQ(Cell(ins, "starts_line", r), "2");
  // 32 POP_JUMP_FORWARD_IF_FALSE 12 (to 58), positions (2, 5, 0, 7)
  r = Row(ins, {{"offset", "32"}});
  EXPECT_EQ(Cell(ins, "opname", r), "POP_JUMP_FORWARD_IF_FALSE");
  EXPECT_EQ(Cell(ins, "arg", r), "12");
  EXPECT_EQ(Cell(ins, "argval", r), "58");
  EXPECT_EQ(Cell(ins, "argrepr", r), "to 58");
  EXPECT_EQ(Cell(ins, "jump_target", r), "58");
  EXPECT_EQ(Cell(ins, "end_line", r), "5");
  // 5  >> 58 PUSH_NULL
  r = Row(ins, {{"offset", "58"}});
  EXPECT_EQ(Cell(ins, "opname", r), "PUSH_NULL");
  EXPECT_EQ(Cell(ins, "is_jump_target", r), "true");
  EXPECT_EQ(Cell(ins, "starts_line", r), "5");
  EXPECT_EQ(Cell(ins, "arg", r), "NULL");
  EXPECT_EQ(Cell(ins, "argval", r), "NULL");
  EXPECT_EQ(Cell(ins, "argrepr", r), "");
  // 0  0 RESUME 0: the module's RESUME is on line 0.
  r = Row(ins, {{"offset", "0"}});
  EXPECT_EQ(Cell(ins, "opname", r), "RESUME");
  EXPECT_EQ(Cell(ins, "starts_line", r), "0");
  EXPECT_EQ(Cell(ins, "instr_id", r),
            std::to_string(
                base::StableId("bc_instr", base::StableId("bc_code", "m.py", ""), int64_t{0})));
}

TEST(PythonBytecodeTest, FrozensetConstantsListTheirElementsSorted) {
  // dis: LOAD_CONST 1 (frozenset({0, 'a', None})) or another order: CPython iterates a set in hash
  // order, and hash(None) is the address of None in the binary.
  PythonTables t = Extract("x in {None, 0, 'a'}\nfor y in {(None, 1), ()}: pass\n");
  const auto& ins = t.bc_instructions;
  size_t r = Row(ins, {{"opname", "LOAD_CONST"}, {"argval", "frozenset({'a', 0, None})"}});
  EXPECT_EQ(Cell(ins, "argrepr", r), "frozenset({'a', 0, None})");
  Row(ins, {{"opname", "LOAD_CONST"}, {"argval", "frozenset({(), (None, 1)})"}});
}

TEST(PythonBytecodeTest, ClosureOpcodesResolveCellAndFreeNames) {
  PythonTables t = Extract(
      "def f():\n"
      "    x = 1\n"
      "    def g():\n"
      "        return x\n"
      "    return g\n");
  ASSERT_EQ(t.bc_code_units.num_rows(), 3u);
  const size_t g = Row(t.bc_code_units, {{"co_name", "g"}});
  EXPECT_EQ(Cell(t.bc_code_units, "co_qualname", g), "f.<locals>.g");
  EXPECT_EQ(Cell(t.bc_code_units, "nesting_path", g), "0/0");
  EXPECT_EQ(Cell(t.bc_code_units, "first_line", g), "3");
  const std::string g_id = Cell(t.bc_code_units, "code_unit_id", g);
  // dis: 4  4 LOAD_DEREF 0 (x)
  const size_t load = Row(t.bc_instructions, {{"code_unit_id", g_id}, {"opname", "LOAD_DEREF"}});
  EXPECT_EQ(Cell(t.bc_instructions, "offset", load), "4");
  EXPECT_EQ(Cell(t.bc_instructions, "argval", load), "x");
  // f: 12 LOAD_CONST 2 (<code object g ...>), 14 MAKE_FUNCTION 8 (closure)
  const size_t mk = Row(t.bc_instructions, {{"opname", "MAKE_FUNCTION"}, {"arg", "8"}});
  EXPECT_EQ(Cell(t.bc_instructions, "argrepr", mk), "closure");
  const size_t code_const = Row(t.bc_instructions, {{"offset", "12"}, {"opname", "LOAD_CONST"}});
  EXPECT_EQ(Cell(t.bc_instructions, "argval", code_const),
            "<code object g, file \"m.py\", line 3>");
}

TEST(PythonBytecodeTest, CodeUnitsPointAtTheirScopesEvenWhenTheOrdersDiffer) {
  // symtable visits the lambda (the iterable) before the dictcomp; co_consts has them the other
  // way round. Code units: <dictcomp> "0" (with <listcomp> "0/0"), <lambda> "1". Scopes: lambda
  // "0", dictcomp "1" (with listcomp "1/0").
  PythonTables t = Extract("x = {k: [v for v in w] for k in (lambda: 1)()}\n");
  const auto scope_of = [&](const std::string& co_name) {
    const size_t u = Row(t.bc_code_units, {{"co_name", co_name}});
    return Cell(t.bc_code_units, "scope_id", u);
  };
  const auto scope = [&](const std::string& nesting) {
    return Cell(t.sym_scopes, "scope_id", Row(t.sym_scopes, {{"nesting_path", nesting}}));
  };
  EXPECT_EQ(Cell(t.bc_code_units, "nesting_path", Row(t.bc_code_units, {{"co_name", "<lambda>"}})),
            "1");
  EXPECT_EQ(Cell(t.sym_scopes, "name", Row(t.sym_scopes, {{"nesting_path", "0"}})), "lambda");
  EXPECT_EQ(scope_of("<module>"), scope(""));
  EXPECT_EQ(scope_of("<lambda>"), scope("0"));
  EXPECT_EQ(scope_of("<dictcomp>"), scope("1"));
  EXPECT_EQ(scope_of("<listcomp>"), scope("1/0"));
}

//! The block of `unit` starting at `offset`: its block_id.
std::string BlockAt(const PythonTables& t, const std::string& unit, int offset) {
  return Cell(t.bc_blocks, "block_id",
              Row(t.bc_blocks, {{"code_unit_id", unit}, {"start_offset", std::to_string(offset)}}));
}

TEST(PythonCfgTest, IfGivesBranchTrueIntoThenAndBranchFalseToElse) {
  PythonTables t = Extract(kIfSource);
  const std::string unit = Cell(t.bc_code_units, "code_unit_id", 0);
  // Blocks: [0, 34) ends with POP_JUMP_FORWARD_IF_FALSE, then [34, 58) then-branch ending in
  // RETURN_VALUE, [58, 82) the else branch (the jump target).
  ASSERT_EQ(t.bc_blocks.num_rows(), 3u);
  const std::string entry = BlockAt(t, unit, 0);
  const std::string then_block = BlockAt(t, unit, 34);
  const std::string else_block = BlockAt(t, unit, 58);
  EXPECT_EQ(Cell(t.bc_blocks, "kind", Row(t.bc_blocks, {{"block_id", entry}})), "entry");
  EXPECT_EQ(Cell(t.bc_blocks, "end_offset", Row(t.bc_blocks, {{"block_id", then_block}})), "58");
  EXPECT_EQ(Cell(t.bc_blocks, "last_instr_index", Row(t.bc_blocks, {{"block_id", entry}})), "10");
  EXPECT_EQ(Cell(t.bc_blocks, "end_offset", Row(t.bc_blocks, {{"block_id", else_block}})), "82");

  const auto& e = t.bc_cfg_edges;
  ASSERT_EQ(e.num_rows(), 2u);  // both branches return: no other edge
  size_t r = Row(e, {{"src_block_id", entry}, {"dst_block_id", then_block}});
  EXPECT_EQ(Cell(e, "kind", r), "branch_true");
  EXPECT_EQ(Cell(e, "cond_offset", r), "32");
  EXPECT_EQ(Cell(e, "exc_entry_index", r), "NULL");
  r = Row(e, {{"src_block_id", entry}, {"dst_block_id", else_block}});
  EXPECT_EQ(Cell(e, "kind", r), "branch_false");
  EXPECT_EQ(Cell(e, "cond_offset", r), "32");
}

TEST(PythonCfgTest, LoopHasForIterBranchesAndBackwardJump) {
  // dis: 4 GET_ITER; >> 6 FOR_ITER 13 (to 34); 8 STORE_NAME 1 (i); ...; 32 JUMP_BACKWARD 14 (to 6)
  PythonTables t = Extract("for i in xs:\n    f(i)\n");
  const std::string unit = Cell(t.bc_code_units, "code_unit_id", 0);
  const size_t for_iter = Row(t.bc_instructions, {{"opname", "FOR_ITER"}});
  EXPECT_EQ(Cell(t.bc_instructions, "offset", for_iter), "6");
  EXPECT_EQ(Cell(t.bc_instructions, "jump_target", for_iter), "34");
  const size_t back = Row(t.bc_instructions, {{"opname", "JUMP_BACKWARD"}});
  EXPECT_EQ(Cell(t.bc_instructions, "argval", back), "6");
  const std::string head = BlockAt(t, unit, 6);
  const std::string body = BlockAt(t, unit, 8);
  const std::string exit = BlockAt(t, unit, 34);
  const auto& e = t.bc_cfg_edges;
  EXPECT_EQ(Cell(e, "kind", Row(e, {{"src_block_id", head}, {"dst_block_id", body}})),
            "branch_true");
  EXPECT_EQ(Cell(e, "kind", Row(e, {{"src_block_id", head}, {"dst_block_id", exit}})),
            "branch_false");
  EXPECT_EQ(Cell(e, "kind", Row(e, {{"src_block_id", body}, {"dst_block_id", head}})), "jump");
  EXPECT_EQ(Cell(e, "kind", Row(e, {{"src_block_id", BlockAt(t, unit, 0)}})), "next");
}

TEST(PythonCfgTest, TryExceptHasAnExceptionTableEntryAndExceptionEdge) {
  // dis: ExceptionTable: 4 to 22 -> 28 [0]; 28 to 36 -> 82 [1] lasti; 38 to 58 -> 72 [1] lasti;
  //      72 to 80 -> 82 [1] lasti   (dis prints the last covered offset; end is exclusive)
  PythonTables t = Extract(
      "try:\n"
      "    f()\n"
      "except ValueError as e:\n"
      "    g(e)\n");
  const std::string unit = Cell(t.bc_code_units, "code_unit_id", 0);
  const auto& x = t.bc_exception_table;
  ASSERT_EQ(x.num_rows(), 4u);
  size_t r = Row(x, {{"entry_index", "0"}});
  EXPECT_EQ(Cell(x, "start_offset", r), "4");
  EXPECT_EQ(Cell(x, "end_offset", r), "24");
  EXPECT_EQ(Cell(x, "target_offset", r), "28");
  EXPECT_EQ(Cell(x, "depth", r), "0");
  EXPECT_EQ(Cell(x, "lasti", r), "false");
  r = Row(x, {{"entry_index", "1"}});
  EXPECT_EQ(Cell(x, "end_offset", r), "38");
  EXPECT_EQ(Cell(x, "target_offset", r), "82");
  EXPECT_EQ(Cell(x, "depth", r), "1");
  EXPECT_EQ(Cell(x, "lasti", r), "true");

  // The try body [4, 24) is a block whose exception edge goes to the handler block at 28.
  const std::string body = BlockAt(t, unit, 4);
  const std::string handler = BlockAt(t, unit, 28);
  EXPECT_EQ(Cell(t.bc_blocks, "kind", Row(t.bc_blocks, {{"block_id", handler}})), "handler");
  EXPECT_EQ(Cell(t.bc_blocks, "end_offset", Row(t.bc_blocks, {{"block_id", body}})), "24");
  const auto& e = t.bc_cfg_edges;
  r = Row(e, {{"src_block_id", body}, {"kind", "exception"}});
  EXPECT_EQ(Cell(e, "dst_block_id", r), handler);
  EXPECT_EQ(Cell(e, "exc_entry_index", r), "0");
  EXPECT_EQ(Cell(e, "cond_offset", r), "NULL");
  // The handler is a jump target (`>>` in dis) and the except clause branches on the match.
  EXPECT_EQ(Cell(t.bc_instructions, "is_jump_target", Row(t.bc_instructions, {{"offset", "28"}})),
            "true");
  EXPECT_EQ(Cell(t.bc_instructions, "opname", Row(t.bc_instructions, {{"offset", "28"}})),
            "PUSH_EXC_INFO");
  // 34 POP_JUMP_FORWARD_IF_FALSE 22 (to 80): no match -> 80 RERAISE on branch_false.
  r = Row(e, {{"src_block_id", handler}, {"kind", "branch_false"}});
  EXPECT_EQ(Cell(e, "dst_block_id", r), BlockAt(t, unit, 80));
  EXPECT_EQ(Cell(e, "cond_offset", r), "34");
}

TEST(PythonBytecodeTest, CanonicalTextIsReadAsUtf8WhateverTheCodingCookieSays) {
  // The scan already decoded the latin-1 file into UTF-8: the cookie must not apply again.
  PythonTables t = Extract("# -*- coding: latin-1 -*-\ns = '\u00e9'\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 0u);
  const size_t r = Row(t.bc_instructions, {{"opname", "LOAD_CONST"}, {"arg", "0"}});
  EXPECT_EQ(Cell(t.bc_instructions, "argval", r), "'\u00e9'");
}

TEST(PythonBytecodeTest, LoneCarriageReturnsAndCrlfEndLinesAsInCPython) {
  // dis: `b = 2` (after a lone \r) is on line 2 and `c = 3` (after \r\n) on line 3.
  PythonTables t = Extract("a = 1\rb = 2\r\nc = 3\n");
  EXPECT_EQ(Cell(t.bc_instructions, "starts_line",
                 Row(t.bc_instructions, {{"opname", "LOAD_CONST"}, {"argval", "2"}})),
            "2");
  const size_t c = Row(t.bc_instructions, {{"opname", "STORE_NAME"}, {"argval", "c"}});
  EXPECT_EQ(Cell(t.bc_instructions, "start_line", c), "3");
  EXPECT_EQ(Cell(t.bc_instructions, "start_col", c), "0");
  EXPECT_EQ(Cell(t.bc_instructions, "end_col", c), "1");
}

TEST(PythonDiagnosticsTest, Python2SyntaxGivesOneDiagnosticAndNoRows) {
  PythonTables t = Extract("x = 1\nprint \"hello\"\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(t.TotalRows(), 1u);
  const auto& d = t.diagnostics;
  EXPECT_EQ(Cell(d, "layer", 0), "python");
  EXPECT_EQ(Cell(d, "code", 0), "PY_SYNTAX_ERROR");
  EXPECT_EQ(Cell(d, "severity", 0), "error");
  EXPECT_EQ(Cell(d, "path", 0), "m.py");
  EXPECT_THAT(Cell(d, "message", 0),
              ::testing::HasSubstr("Missing parentheses in call to 'print'"));
  // SyntaxError (line 2, offset 1 .. end_offset 14): `print "hello"` spans bytes [6, 19).
  EXPECT_EQ(Cell(d, "bstart", 0), "6");
  EXPECT_EQ(Cell(d, "bend", 0), "19");
}

TEST(PythonDiagnosticsTest, NewerSyntaxNulBytesAndIndentation) {
  // 3.12 `type` statement: SyntaxError at `X` (offset 6, end 7).
  PythonTables t = Extract("type X = int\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(t.TotalRows(), 1u);
  EXPECT_EQ(Cell(t.diagnostics, "bstart", 0), "5");
  EXPECT_EQ(Cell(t.diagnostics, "bend", 0), "6");

  t = Extract(std::string("x = 1\n\0y = 2\n", 13));
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(t.TotalRows(), 1u);
  EXPECT_EQ(Cell(t.diagnostics, "code", 0), "PY_NULL_BYTES");
  EXPECT_EQ(Cell(t.diagnostics, "bstart", 0), "6");

  // Columns count characters: after `é` (2 bytes) the byte offset is one more.
  t = Extract("s = 'é'\nif s:\nx = 1\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_THAT(Cell(t.diagnostics, "message", 0), ::testing::StartsWith("IndentationError:"));
  EXPECT_EQ(Cell(t.diagnostics, "bstart", 0), "15");  // `x` on line 3
  t = Extract("s = 'é' é\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(Cell(t.diagnostics, "bstart", 0), "9");  // the second é: character 8, byte 9
}

TEST(PythonDiagnosticsTest, ErrorsOfTheSymbolTableAndOfTheCompilerAreSyntaxErrors) {
  // The parse succeeds; the symbol table rejects the file (compile() says the same).
  PythonTables t = Extract("y = 1\nnonlocal z\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(t.TotalRows(), 1u);
  EXPECT_EQ(Cell(t.diagnostics, "code", 0), "PY_SYNTAX_ERROR");
  EXPECT_THAT(Cell(t.diagnostics, "message", 0),
              ::testing::HasSubstr("nonlocal declaration not allowed at module level"));
  EXPECT_EQ(Cell(t.diagnostics, "bstart", 0), "6");
  EXPECT_EQ(Cell(t.diagnostics, "bend", 0), "16");

  // The parse and the symbol table succeed, the compiler rejects the file: the symbol-table rows
  // already made are dropped with the rest.
  t = Extract("def f():\n    pass\nreturn 1\n");
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(t.TotalRows(), 1u);
  EXPECT_EQ(t.sym_symbols.num_rows(), 0u);
  EXPECT_THAT(Cell(t.diagnostics, "message", 0), ::testing::HasSubstr("'return' outside function"));
  EXPECT_EQ(Cell(t.diagnostics, "bstart", 0), "18");
  EXPECT_EQ(Cell(t.diagnostics, "bend", 0), "26");
}

TEST(PythonDiagnosticsTest, ByteOffsetOfLineColumnFollowsCPythonLineBreaks) {
  const std::string text = "ab\r\ncd\ref\ng\u00e9h";
  EXPECT_EQ(ByteOffsetOfLineColumn(text, 1, 1), 0);
  EXPECT_EQ(ByteOffsetOfLineColumn(text, 2, 2), 5);
  EXPECT_EQ(ByteOffsetOfLineColumn(text, 3, 1), 7);
  EXPECT_EQ(ByteOffsetOfLineColumn(text, 4, 3), 13);  // after the 2-byte é
  EXPECT_EQ(ByteOffsetOfLineColumn(text, 9, 1), static_cast<int64_t>(text.size()));
  EXPECT_EQ(ByteOffsetOfLineColumn(text, 1, 99), 2);  // clamped to the line
}

TEST(PythonDiagnosticsTest, BadFilesDoNotStopTheOthers) {
  std::vector<source::SourceFile> files = {File("a.py", "def a():\n    return 1\n"),
                                           File("b.py", "print 'py2'\n"),
                                           File("c.py", "class C:\n    pass\n")};
  files.push_back(File("skipped.py", ""));
  files.back().status = "too_large";
  PythonResult r = ExtractAll(files);
  EXPECT_EQ(r.stats.files, 3);
  EXPECT_EQ(r.stats.files_without_rows, 1);
  EXPECT_EQ(r.tables.diagnostics.num_rows(), 1u);
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "a.py"}}).size(), 2u);
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "b.py"}}).size(), 0u);
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "c.py"}}).size(), 2u);
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "skipped.py"}}).size(), 0u);
}

TEST(PythonAstTest, TheAstIsTakenBeforeTheCompilerFoldsConstants) {
  // One parse feeds the ast and the compiler, which folds `1 + 2` in that AST: the ast rows are
  // what ast.parse shows, the bytecode what dis shows.
  PythonTables t = Extract("x = 1 + 2\n", /*ast=*/true);
  Row(t.ast_nodes, {{"kind", "BinOp"}});
  EXPECT_EQ(Rows(t.ast_nodes, {{"kind", "Constant"}}).size(), 2u);
  Row(t.bc_instructions, {{"opname", "LOAD_CONST"}, {"argval", "3"}});
}

TEST(PythonAstTest, NodesWithFieldsPositionsNamesAndConstants) {
  PythonTables off = Extract("x = 1\n");
  EXPECT_EQ(off.ast_nodes.num_rows(), 0u);  // off by default

  PythonTables t = Extract("x = f('é', y)\n", /*ast=*/true);
  const auto& n = t.ast_nodes;
  // Module > Assign > (Name x Store, Call > (Name f Load, Constant, Name y Load))
  size_t r = Row(n, {{"kind", "Module"}});
  EXPECT_EQ(Cell(n, "parent_node_id", r), "NULL");
  EXPECT_EQ(Cell(n, "field_path", r), "");
  const size_t call = Row(n, {{"kind", "Call"}});
  EXPECT_EQ(Cell(n, "field_path", call), "body[0].value");
  EXPECT_EQ(Cell(n, "field_name", call), "value");
  EXPECT_EQ(Cell(n, "field_pos", call), "NULL");
  EXPECT_EQ(Cell(n, "col_offset", call), "4");
  EXPECT_EQ(Cell(n, "end_col_offset", call), "14");  // UTF-8 bytes: é is 2
  const size_t constant = Row(n, {{"kind", "Constant"}});
  EXPECT_EQ(Cell(n, "value_repr", constant), "'é'");
  EXPECT_EQ(Cell(n, "field_path", constant), "body[0].value.args[0]");
  EXPECT_EQ(Cell(n, "field_pos", constant), "0");
  EXPECT_EQ(Cell(n, "parent_node_id", constant), Cell(n, "node_id", call));
  const size_t y = Row(n, {{"kind", "Name"}, {"name", "y"}});
  EXPECT_EQ(Cell(n, "col_offset", y), "12");
  EXPECT_EQ(Cell(n, "field_pos", y), "1");
  const size_t store = Row(n, {{"kind", "Store"}});
  EXPECT_EQ(Cell(n, "field_path", store), "body[0].targets[0].ctx");
  EXPECT_EQ(Cell(n, "lineno", store), "NULL");
  EXPECT_EQ(t.ast_edges.num_rows(), n.num_rows() - 1);
  r = Row(t.ast_edges, {{"child_node_id", Cell(n, "node_id", constant)}});
  EXPECT_EQ(Cell(t.ast_edges, "field_name", r), "args");
  EXPECT_EQ(Cell(t.ast_edges, "field_pos", r), "0");
  // The other layers are still there.
  EXPECT_EQ(t.bc_code_units.num_rows(), 1u);
}

// --- worker processes (this test binary serves as the worker: see main below) ------------------

std::vector<source::SourceFile> SomeFiles() {
  return {File("a.py", "def a(x):\n    return [y * 2 for y in x]\n"), File("b.py", "print 'py2'\n"),
          File("c.py",
               "class C:\n    def m(self):\n        try:\n            pass\n"
               "        finally:\n            self.x = lambda: 1\n"),
          File("d.py", "import os\nfor p in os.listdir('.'):\n    print(p)\n"),
          File("e.py", "async def g():\n    async with x as y:\n        await y\n")};
}

TEST(PythonWorkersTest, SameRowsWithZeroOneAndTwoWorkers) {
  const auto files = SomeFiles();
  PythonOptions options;
  options.ast = true;
  const PythonResult in_process = ExtractAll(files, options);
  EXPECT_GT(in_process.tables.bc_instructions.num_rows(), 50u);
  EXPECT_EQ(in_process.tables.diagnostics.num_rows(), 1u);
  const std::string expected = Serialized(in_process.tables);
  for (int workers : {1, 2}) {
    options.workers = workers;
    const PythonResult r = ExtractAll(files, options);
    EXPECT_EQ(r.stats.workers_started, workers);
    EXPECT_EQ(r.stats.files, 5);
    EXPECT_EQ(r.stats.files_without_rows, 1);
    EXPECT_GT(r.stats.max_worker_rss_bytes, 0);
    EXPECT_TRUE(Serialized(r.tables) == expected) << workers << " workers gave other rows";
  }
}

TEST(PythonWorkersTest, AKilledWorkerCostsItsFileADiagnosticAndTheRunGoesOn) {
  const auto files = SomeFiles();
  PythonOptions options;
  options.workers = 1;  // file 2 is sent after file 1's result: the worker is past its start
  options.requests_per_worker = 1;  // and holds only file 2
  options.on_dispatch = [](int pid, size_t file_index) {
    if (file_index == 2) kill(pid, SIGKILL);
  };
  const PythonResult r = ExtractAll(files, options);
  EXPECT_EQ(r.stats.workers_replaced, 1);
  const auto& d = r.tables.diagnostics;
  const size_t crash = Row(d, {{"code", "PY_WORKER_CRASHED"}});
  EXPECT_EQ(Cell(d, "path", crash), "c.py");
  EXPECT_EQ(Cell(d, "layer", crash), "python");
  EXPECT_THAT(Cell(d, "message", crash), ::testing::HasSubstr("killed by signal 9"));
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "c.py"}}).size(), 0u);
  // Files before and after it were extracted, in file order.
  EXPECT_EQ(Cell(r.tables.sym_scopes, "path", 0), "a.py");
  EXPECT_GT(Rows(r.tables.sym_scopes, {{"path", "d.py"}}).size(), 0u);
  EXPECT_GT(Rows(r.tables.sym_scopes, {{"path", "e.py"}}).size(), 0u);
  EXPECT_EQ(Rows(d, {{"code", "PY_SYNTAX_ERROR"}, {"path", "b.py"}}).size(), 1u);
}

TEST(PythonWorkersTest, WithFilesQueuedAheadACrashBlamesOneFileAndRetriesTheRest) {
  const auto files = SomeFiles();
  PythonOptions options;
  options.workers = 1;  // requests_per_worker = 2: when file 3 is sent the worker holds 2 (or 3)
  bool killed = false;
  options.on_dispatch = [&killed](int pid, size_t file_index) {
    if (file_index == 3 && !killed) {  // once: file 3 may be sent again to the next worker
      kill(pid, SIGKILL);
      killed = true;
    }
  };
  const PythonResult r = ExtractAll(files, options);
  const auto crashes = Rows(r.tables.diagnostics, {{"code", "PY_WORKER_CRASHED"}});
  ASSERT_EQ(crashes.size(), 1u);
  const std::string blamed = Cell(r.tables.diagnostics, "path", crashes[0]);
  EXPECT_TRUE(blamed == "c.py" || blamed == "d.py") << blamed;
  for (const char* path : {"a.py", "c.py", "d.py", "e.py"}) {
    EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", path}}).empty(), blamed == path) << path;
  }
}

TEST(PythonWorkersTest, AHungWorkerTimesOut) {
  const auto files = SomeFiles();
  PythonOptions options;
  options.workers = 1;
  options.requests_per_worker = 1;
  options.file_timeout_seconds = 1;
  options.on_dispatch = [](int pid, size_t file_index) {
    if (file_index == 3) kill(pid, SIGSTOP);
  };
  const PythonResult r = ExtractAll(files, options);
  const size_t timeout = Row(r.tables.diagnostics, {{"code", "PY_WORKER_TIMEOUT"}});
  EXPECT_EQ(Cell(r.tables.diagnostics, "path", timeout), "d.py");
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "d.py"}}).size(), 0u);
  EXPECT_GT(Rows(r.tables.sym_scopes, {{"path", "e.py"}}).size(), 0u);
}

TEST(PythonWorkersTest, AWorkerKilledWhileStartingIsReplacedAndItsFileRetried) {
  const auto files = SomeFiles();
  PythonOptions options;
  options.workers = 2;  // files 0 and 1 are sent at once, before either worker said hello
  bool killed = false;
  options.on_dispatch = [&killed](int pid, size_t file_index) {
    if (file_index == 0 && !killed) {
      kill(pid, SIGKILL);
      killed = true;
    }
  };
  const PythonResult r = ExtractAll(files, options);
  EXPECT_EQ(Rows(r.tables.diagnostics, {{"code", "PY_WORKER_CRASHED"}}).size(), 0u);
  EXPECT_EQ(Rows(r.tables.sym_scopes, {{"path", "a.py"}}).size(), 3u);  // top, a, listcomp
  EXPECT_EQ(r.stats.workers_started, 3);
}

TEST(PythonWorkersTest, AWorkerThatCannotStartIsAStatus) {
  PythonOptions options;
  options.workers = 1;
  options.worker_executable = "/nonexistent/codeanatomy";
  auto r = ExtractFiles(SomeFiles(), options);
  EXPECT_STATUS(r, base::StatusCode::kFailedPrecondition, ::testing::HasSubstr("/nonexistent"));
}

TEST(PythonWorkersTest, ABinaryThatIsNotAWorkerIsAStatusNotAHang) {
  PythonOptions options;
  options.workers = 1;
  options.worker_executable = "/bin/echo";  // prints its arguments instead of a hello
  EXPECT_STATUS(ExtractFiles(SomeFiles(), options), base::StatusCode::kFailedPrecondition,
                ::testing::HasSubstr("did not answer as a python worker"));
  options.worker_executable = "/bin/true";  // exits at once: retried, then given up
  EXPECT_STATUS(ExtractFiles(SomeFiles(), options), base::StatusCode::kFailedPrecondition,
                ::testing::HasSubstr("before it was ready, 3 times in a row"));
}

TEST(PythonWorkersTest, AWorkerNeverStartsWorkers) {
  setenv("CODEANATOMY_PYTHON_WORKER", "1", 1);
  PythonOptions options;
  options.workers = 1;
  auto r = ExtractFiles(SomeFiles(), options);
  unsetenv("CODEANATOMY_PYTHON_WORKER");
  EXPECT_STATUS(r, base::StatusCode::kFailedPrecondition,
                ::testing::HasSubstr("from inside a python worker"));
}

// --- parity with `dis` on real files
// --------------------------------------------------------------

// Runs in the embedded interpreter: every instruction and exception entry of every code object, as
// text rows in our columns' conventions (code objects in reprs without their address, frozensets
// with their elements sorted).
constexpr const char* kDisRows = R"PY(
import dis, types
def _rows(src, path):
    out = []
    def const_text(v):
        if isinstance(v, types.CodeType):
            return '<code object %s, file "%s", line %d>' % (v.co_name, v.co_filename, v.co_firstlineno)
        if type(v) is frozenset and v:
            return 'frozenset({%s})' % ', '.join(sorted(const_text(x) for x in v))
        if type(v) is tuple:
            items = [const_text(x) for x in v]
            return '(%s,)' % items[0] if len(items) == 1 else '(%s)' % ', '.join(items)
        return repr(v)
    def walk(co, nesting):
        bc = dis.Bytecode(co)
        out.append(('unit', nesting, co.co_name, co.co_qualname, str(co.co_firstlineno)))
        for i, ins in enumerate(bc):
            if ins.arg is None:
                argval, argrepr = 'NULL', ins.argrepr
            elif ins.opname == 'KW_NAMES':
                argval, argrepr = repr(co.co_consts[ins.arg]), ins.argrepr
            elif ins.opcode in dis.hasconst:
                argval = argrepr = const_text(ins.argval)
            elif ins.opname == 'FORMAT_VALUE':
                argval, argrepr = repr(ins.argval), ins.argrepr
            else:
                argval, argrepr = str(ins.argval), ins.argrepr
            p = ins.positions
            t = lambda v: 'NULL' if v is None else str(v)
            out.append(('ins', nesting, str(i), str(ins.offset), ins.opname,
                        t(ins.arg), argval, argrepr, t(ins.starts_line),
                        'true' if ins.is_jump_target else 'false',
                        t(p.lineno), t(p.end_lineno), t(p.col_offset), t(p.end_col_offset)))
        for k, e in enumerate(bc.exception_entries):
            out.append(('exc', nesting, str(k), str(e.start), str(e.end), str(e.target),
                        str(e.depth), 'true' if e.lasti else 'false'))
        k = 0
        for c in co.co_consts:
            if isinstance(c, types.CodeType):
                walk(c, str(k) if not nesting else nesting + '/' + str(k))
                k += 1
    walk(compile(src, path, 'exec', dont_inherit=True), '')
    return out
)PY";

//! Our rows rendered like kDisRows renders dis's.
std::vector<std::vector<std::string>> OurRows(const PythonTables& t) {
  std::map<uint64_t, std::vector<size_t>> instructions_of, exceptions_of;  // by code_unit_id
  for (size_t r = 0; r < t.bc_instructions.num_rows(); ++r) {
    instructions_of[t.bc_instructions.column("code_unit_id").GetUInt64(r)].push_back(r);
  }
  for (size_t r = 0; r < t.bc_exception_table.num_rows(); ++r) {
    exceptions_of[t.bc_exception_table.column("code_unit_id").GetUInt64(r)].push_back(r);
  }
  std::vector<std::vector<std::string>> out;
  const auto& u = t.bc_code_units;
  for (size_t r = 0; r < u.num_rows(); ++r) {
    const uint64_t unit = u.column("code_unit_id").GetUInt64(r);
    const std::string nesting = Cell(u, "nesting_path", r);
    out.push_back({"unit", nesting, Cell(u, "co_name", r), Cell(u, "co_qualname", r),
                   Cell(u, "first_line", r)});
    const auto& i = t.bc_instructions;
    for (size_t k : instructions_of[unit]) {
      out.push_back({"ins", nesting, Cell(i, "instr_index", k), Cell(i, "offset", k),
                     Cell(i, "opname", k), Cell(i, "arg", k), Cell(i, "argval", k),
                     Cell(i, "argrepr", k), Cell(i, "starts_line", k), Cell(i, "is_jump_target", k),
                     Cell(i, "start_line", k), Cell(i, "end_line", k), Cell(i, "start_col", k),
                     Cell(i, "end_col", k)});
    }
    const auto& x = t.bc_exception_table;
    for (size_t k : exceptions_of[unit]) {
      out.push_back({"exc", nesting, Cell(x, "entry_index", k), Cell(x, "start_offset", k),
                     Cell(x, "end_offset", k), Cell(x, "target_offset", k), Cell(x, "depth", k),
                     Cell(x, "lasti", k)});
    }
  }
  return out;
}

std::vector<std::vector<std::string>> DisRows(const std::string& text, const std::string& path) {
  auto runtime = PythonRuntime::Get();
  EXPECT_TRUE(runtime.ok());
  PythonGil gil;
  using base::PyRef;
  PyRef globals = PyRef::Steal(PyDict_New());
  PyDict_SetItemString(globals.get(), "__builtins__", PyEval_GetBuiltins());
  PyRef ran = PyRef::Steal(PyRun_String(kDisRows, Py_file_input, globals.get(), globals.get()));
  EXPECT_TRUE(ran) << FetchPythonError();
  PyObject* fn = PyDict_GetItemString(globals.get(), "_rows");
  PyRef src = PyRef::Steal(PyUnicode_FromStringAndSize(text.data(), text.size()));
  PyRef p = PyRef::Steal(PyUnicode_FromStringAndSize(path.data(), path.size()));
  PyRef rows = PyRef::Steal(PyObject_CallFunctionObjArgs(fn, src.get(), p.get(), nullptr));
  EXPECT_TRUE(rows) << FetchPythonError();
  std::vector<std::vector<std::string>> out;
  if (!rows) return out;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(rows.get()); ++i) {
    PyObject* row = PyList_GET_ITEM(rows.get(), i);
    std::vector<std::string> cells;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(row); ++k) {
      cells.emplace_back(Utf8View(PyTuple_GET_ITEM(row, k)));
    }
    out.push_back(std::move(cells));
  }
  return out;
}

std::string Join(const std::vector<std::string>& cells) {
  std::string s;
  for (const auto& c : cells) s += (s.empty() ? "" : " | ") + c;
  return s;
}

//! The files to compare: CA_DIS_PARITY_DIR (every *.py below it, for a manual full run) or a few
//! large standard-library modules.
std::vector<std::filesystem::path> ParityFiles() {
  std::vector<std::filesystem::path> files;
  if (const char* dir = std::getenv("CA_DIS_PARITY_DIR")) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".py") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }
  for (const char* f : {"argparse.py", "dataclasses.py", "typing.py", "asyncio/base_events.py",
                        "re/_parser.py", "contextlib.py"}) {
    files.push_back(std::filesystem::path("/usr/lib/python3.11") / f);
  }
  return files;
}

TEST(PythonBytecodeTest, NativeDecodingMatchesDisOnStandardLibraryFiles) {
  size_t compared = 0, instructions = 0;
  for (const auto& path : ParityFiles()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const std::string rel = path.filename().string();
    const PythonTables ours = ExtractAll({File(rel, text)}).tables;
    if (ours.diagnostics.num_rows() > 0) continue;  // not 3.11 syntax / not UTF-8
    const auto expected = DisRows(text, rel);
    const auto actual = OurRows(ours);
    ASSERT_EQ(actual.size(), expected.size()) << path;
    for (size_t i = 0; i < actual.size(); ++i) {
      ASSERT_EQ(Join(actual[i]), Join(expected[i])) << path << " row " << i;
    }
    ++compared;
    instructions += ours.bc_instructions.num_rows();
  }
  EXPECT_GT(compared, 0u) << "no standard-library file found under /usr/lib/python3.11";
  std::printf("compared %zu files, %zu instructions with dis\n", compared, instructions);
}

}  // namespace
}  // namespace codeanatomy::extract::python
