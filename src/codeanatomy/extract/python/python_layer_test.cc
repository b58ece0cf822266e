#include "codeanatomy/extract/python/python_layer.h"

#include "codeanatomy/base/testing.h"
#include "codeanatomy/schema/diagnostics.h"

namespace codeanatomy::extract::python {
namespace {

using schema::Layer;

struct Steps {
  bool symtable, bytecode, ast;
  bool operator==(const Steps&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Steps& s) {
  return os << "{symtable " << s.symtable << ", bytecode " << s.bytecode << ", ast " << s.ast
            << "}";
}

Steps StepsOf(std::set<std::string> tables, std::set<Layer> off = {}, bool ast = false) {
  const PythonOptions o = PythonLayer::StepsFor(
      {.tables = std::move(tables), .switched_off = std::move(off)}, {.workers = 0, .ast = ast});
  return {o.symtable, o.bytecode, o.ast};
}

const std::string kDiagnostics(schema::DiagnosticsTable(Layer::kPython));

TEST(PythonEvidenceLayerTest, RunsThePartsWhoseTablesAreRequested) {
  EXPECT_EQ(StepsOf({"sym_symbols"}), (Steps{true, false, false}));
  // sym_scopes goes with the bytecode, whose code units refer to it.
  EXPECT_EQ(StepsOf({"sym_scopes", "bc_instructions"}), (Steps{false, true, false}));
  EXPECT_EQ(StepsOf({}), (Steps{false, false, false}));
  // The ast part runs only with --ast.
  EXPECT_EQ(StepsOf({"ast_nodes"}), (Steps{false, false, false}));
  EXPECT_EQ(StepsOf({"ast_nodes"}, {}, true), (Steps{false, false, true}));
}

TEST(PythonEvidenceLayerTest, DiagnosticsComeFromAPassThatCompilesWhenItCan) {
  EXPECT_EQ(StepsOf({kDiagnostics}), (Steps{false, true, false}));
  EXPECT_EQ(StepsOf({kDiagnostics, "sym_symbols"}), (Steps{true, true, false}));
  EXPECT_EQ(StepsOf({kDiagnostics}, {Layer::kBytecode}), (Steps{true, false, false}));
  EXPECT_EQ(StepsOf({kDiagnostics}, {Layer::kBytecode, Layer::kSymtable}),
            (Steps{false, false, false}));
  EXPECT_EQ(StepsOf({kDiagnostics}, {Layer::kBytecode, Layer::kSymtable}, true),
            (Steps{false, false, true}));
}

TEST(PythonEvidenceLayerTest, SwitchedOffPartsStayEmptyEvenWhenRequested) {
  EXPECT_EQ(StepsOf({"sym_symbols", "bc_blocks"}, {Layer::kSymtable}), (Steps{false, true, false}));
}

TEST(PythonEvidenceLayerTest, TablesAreThoseOfItsParts) {
  PythonLayer layer({.workers = 0, .ast = true});
  std::set<Layer> parts;
  for (const schema::TableDef* def : layer.Tables()) parts.insert(def->layer);
  EXPECT_EQ(parts,
            (std::set<Layer>{Layer::kPython, Layer::kSymtable, Layer::kBytecode, Layer::kAst}));
  EXPECT_EQ(layer.Targets(), (std::vector<std::string>{"ast_nodes", "ast_edges"}));
  EXPECT_TRUE(PythonLayer({.workers = 0, .ast = false}).Targets().empty());
  EXPECT_EQ(layer.TaskName(), "extract:python");
}

TEST(PythonEvidenceLayerTest, ExtractsABatchInThisProcessAndSinksEveryTable) {
  PythonLayer layer({.workers = 0, .ast = false});
  std::vector<source::SourceFile> files(2);
  for (size_t i = 0; i < files.size(); ++i) {
    files[i].file_id = i + 1;
    files[i].status = "ok";
  }
  files[0].path = "a.py";
  files[0].text = "def f():\n  return 1\n";
  files[1].path = "b.py";
  files[1].text = "def (:\n";
  ASSERT_OK(layer.Begin({.tables = {"bc_code_units", kDiagnostics}}, files));
  std::map<std::string, size_t> rows;
  ASSERT_OK(layer.Extract(files, [&](std::string_view table, const base::Table& t) {
    rows[std::string(table)] += t.num_rows();
    return base::Status::Ok();
  }));
  ASSERT_OK(layer.Finish([](std::string_view, const base::Table&) { return base::Status::Ok(); }));
  EXPECT_EQ(rows["bc_code_units"], 2u);  // a.py: <module> and f
  EXPECT_EQ(rows[kDiagnostics], 1u);     // b.py
  EXPECT_EQ(rows.count("sym_symbols"), 0u);
  LayerReport report;
  layer.Report(report);
  EXPECT_EQ(report.cpu_steps.size(), 6u);
}

}  // namespace
}  // namespace codeanatomy::extract::python
