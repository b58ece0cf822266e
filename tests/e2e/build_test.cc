// End to end: build the graph of a fixture package and check concrete rows of the published
// Parquet.
#include "codeanatomy/orchestrate/build.h"

#include <fstream>

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/testing.h"

#include "e2e/e2e_util.h"
#include "scip.pb.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using testing::Fixture;
using testing::Query;
using testing::Slurp;

orchestrate::BuildSummary Build(const fs::path& repo, const fs::path& out, int threads = 2) {
  orchestrate::BuildOptions options;
  options.repo = repo;
  options.out = out;
  options.profile.threads = threads;
  auto summary = orchestrate::RunBuild(options);
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  return summary.ok() ? *summary : orchestrate::BuildSummary{};
}

//! Byte offset of the `nth` occurrence of `needle` in the fixture file.
int64_t Offset(const std::string& file, const std::string& needle, int nth = 1) {
  std::string text = Slurp(Fixture("mini_pkg") / file);
  size_t pos = std::string::npos;
  for (int i = 0; i < nth; ++i) pos = text.find(needle, pos == std::string::npos ? 0 : pos + 1);
  EXPECT_NE(pos, std::string::npos) << needle;
  return static_cast<int64_t>(pos);
}

class MiniPkgTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    Build(Fixture("mini_pkg"), dir_->path() / "out");
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path Out() { return dir_->path() / "out"; }
  static TempDir* dir_;
};
TempDir* MiniPkgTest::dir_ = nullptr;

TEST_F(MiniPkgTest, WritesTheThreeTablesAndTheManifest) {
  for (const char* f : {"cpg_nodes.parquet", "cpg_edges.parquet", "cpg_props.parquet",
                        "manifest.json", "diagnostics.parquet"}) {
    EXPECT_TRUE(fs::exists(Out() / f)) << f;
  }
  std::string manifest = Slurp(Out() / "manifest.json");
  EXPECT_THAT(manifest, ::testing::HasSubstr("\"callsite_enclosing_def\""));
  EXPECT_THAT(manifest, ::testing::HasSubstr("QUALIFY row_number()"));
  EXPECT_THAT(manifest, ::testing::HasSubstr("\"duckdb\": \"v1.4.4\""));
}

TEST_F(MiniPkgTest, FunctionNodeHasNameAndExactSpan) {
  const int64_t start = Offset("mini/shapes.py", "def area_of");
  const int64_t end = Offset("mini/shapes.py", "return shape.area()") + 19;
  auto rows = Query(Out(),
                    "SELECT n.path, n.bstart, n.bend FROM cpg_nodes n JOIN cpg_props p "
                    "ON p.entity_id = n.node_id AND p.prop_key = 'name' "
                    "WHERE n.node_kind = 'FUNCTION' AND p.value_str = 'area_of'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "mini/shapes.py");
  EXPECT_EQ(rows[0][1], std::to_string(start));
  EXPECT_EQ(rows[0][2], std::to_string(end));
  auto qn =
      Query(Out(),
            "SELECT value_str FROM cpg_props WHERE prop_key = 'qualified_name' "
            "AND value_str LIKE '%area' AND entity_id IN (SELECT node_id FROM cpg_nodes WHERE "
            "node_kind = 'FUNCTION') ORDER BY value_str");
  ASSERT_EQ(qn.size(), 2u);
  EXPECT_EQ(qn[0][0], "mini.shapes.Circle.area");
  EXPECT_EQ(qn[1][0], "mini.shapes.Shape.area");
}

// callee text -> qualified name of the CHILD_OF target (or the module path for module level).
std::string EnclosingOf(const fs::path& out, const std::string& callee) {
  auto rows =
      Query(out,
            "SELECT coalesce(q.value_str, m.path) FROM cpg_edges e "
            "JOIN cpg_props c ON c.entity_id = e.src AND c.prop_key = 'callee_text' "
            "JOIN cpg_nodes m ON m.node_id = e.dst "
            "LEFT JOIN cpg_props q ON q.entity_id = e.dst AND q.prop_key = 'qualified_name' "
            "WHERE e.edge_kind = 'CHILD_OF' AND c.value_str = '" +
                callee + "'");
  EXPECT_EQ(rows.size(), 1u) << callee;
  return rows.empty() || !rows[0][0] ? "" : *rows[0][0];
}

TEST_F(MiniPkgTest, CallSitesAreChildrenOfTheirInnermostDefinition) {
  EXPECT_EQ(EnclosingOf(Out(), "shape.area"), "mini.shapes.area_of");
  EXPECT_EQ(EnclosingOf(Out(), "s.area"), "mini.shapes.describe.<lambda1>");
  EXPECT_EQ(EnclosingOf(Out(), "sorted"), "mini.shapes.describe");
  EXPECT_EQ(EnclosingOf(Out(), "Circle"), "mini.app.main");
  EXPECT_EQ(EnclosingOf(Out(), "main"), "mini/app.py");  // module level
  // The edge's span is the call's.
  auto rows = Query(Out(),
                    "SELECT e.bstart FROM cpg_edges e JOIN cpg_props c ON c.entity_id = e.src "
                    "AND c.prop_key = 'callee_text' AND c.value_str = 'shape.area' "
                    "WHERE e.edge_kind = 'CHILD_OF'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], std::to_string(Offset("mini/shapes.py", "shape.area()")));
}

TEST_F(MiniPkgTest, SyntaxErrorsKeepRecoveredNodesAndAddADiagnostic) {
  auto diags = Query(Out(), "SELECT path, layer, code, severity FROM diagnostics");
  ASSERT_GE(diags.size(), 1u);
  EXPECT_EQ(diags[0][0], "mini/broken.py");
  EXPECT_EQ(diags[0][1], "cst");
  EXPECT_EQ(diags[0][3], "error");
  EXPECT_EQ(EnclosingOf(Out(), "fine"), "mini.broken.AfterTheError.method");
  auto has = Query(Out(), "SELECT count(*) FROM cpg_edges WHERE edge_kind = 'HAS_DIAGNOSTIC'");
  EXPECT_EQ(has[0][0], std::to_string(diags.size()));
}

TEST_F(MiniPkgTest, ContractsHoldOnThePublishedTables) {
  EXPECT_EQ(Query(Out(), "SELECT count(*) FROM cpg_nodes_errors")[0][0], "0");
  EXPECT_EQ(Query(Out(), "SELECT count(*) FROM cpg_edges_errors")[0][0], "0");
  EXPECT_EQ(Query(Out(), "SELECT count(*) - count(DISTINCT node_id) FROM cpg_nodes")[0][0], "0");
  EXPECT_EQ(Query(Out(), "SELECT count(*) - count(DISTINCT edge_id) FROM cpg_edges")[0][0], "0");
  // Every edge endpoint is a node.
  EXPECT_EQ(Query(Out(),
                  "SELECT count(*) FROM cpg_edges e WHERE NOT EXISTS "
                  "(SELECT 1 FROM cpg_nodes n WHERE n.node_id = e.src) OR NOT EXISTS "
                  "(SELECT 1 FROM cpg_nodes n WHERE n.node_id = e.dst)")[0][0],
            "0");
}

TEST(DeterminismTest, SameBytesWhateverTheThreadCount) {
  TempDir dir;
  Build(Fixture("mini_pkg"), dir.path() / "one", 1);
  Build(Fixture("mini_pkg"), dir.path() / "two", 2);
  Build(Fixture("mini_pkg"), dir.path() / "again", 2);
  for (const char* f :
       {"cpg_nodes.parquet", "cpg_edges.parquet", "cpg_props.parquet", "diagnostics.parquet"}) {
    EXPECT_EQ(Slurp(dir.path() / "one" / f), Slurp(dir.path() / "two" / f)) << f;
    EXPECT_EQ(Slurp(dir.path() / "two" / f), Slurp(dir.path() / "again" / f)) << f;
  }
}

// The SCIP layer from an index given with --scip-index (hand-built here; scip_python_test.cc
// covers a real scip-python index): its rows join the scan's files by file_id.
TEST(ScipLayerTest, IndexRowsJoinTheScannedFiles) {
  TempDir dir;
  ::scip::Index index;
  index.mutable_metadata()->mutable_tool_info()->set_name("hand");
  index.mutable_metadata()->mutable_tool_info()->set_version("1.0");
  auto* doc = index.add_documents();
  doc->set_relative_path("mini/shapes.py");
  auto* occ = doc->add_occurrences();
  // `def area_of(shape):` is line 16 (0-based) of mini/shapes.py.
  for (int v : {16, 4, 11}) occ->add_range(v);
  occ->set_symbol("scip-python python mini_pkg 0 `mini.shapes`/area_of().");
  occ->set_symbol_roles(1);
  doc->add_symbols()->set_symbol(occ->symbol());
  const fs::path index_path = dir.Write("index.scip", index.SerializeAsString());

  orchestrate::BuildOptions options;
  options.repo = Fixture("mini_pkg");
  options.out = dir.path() / "out";
  options.emit_evidence = true;
  options.scip_index = index_path;
  ASSERT_OK(orchestrate::RunBuild(options));
  auto rows = Query(dir.path() / "out" / "evidence",
                    "SELECT f.path, o.start_line, o.start_char, o.symbol_roles, o.column_unit "
                    "FROM scip_occurrences o JOIN repo_files f USING (file_id)");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "mini/shapes.py");
  EXPECT_EQ(rows[0][1], "16");
  EXPECT_EQ(rows[0][2], "4");
  EXPECT_EQ(rows[0][3], "1");
  EXPECT_EQ(rows[0][4], "utf16");
  // Line 16 of the file is the definition of area_of, at column 4.
  const std::string text = Slurp(Fixture("mini_pkg") / "mini/shapes.py");
  size_t line_start = 0;
  for (int i = 0; i < 16; ++i) line_start = text.find('\n', line_start) + 1;
  EXPECT_EQ(text.substr(line_start + 4, 7), "area_of");
  EXPECT_THAT(Slurp(dir.path() / "out" / "manifest.json"),
              ::testing::HasSubstr("\"scip\": \"hand 1.0\""));
}

TEST(ScipLayerTest, WithoutAnIndexTheTablesExistEmpty) {
  TempDir dir;
  orchestrate::BuildOptions options;
  options.repo = Fixture("mini_pkg");
  options.out = dir.path() / "out";
  options.emit_evidence = true;
  ASSERT_OK(orchestrate::RunBuild(options));
  for (const char* table : {"scip_documents", "scip_occurrences", "scip_symbols",
                            "scip_relationships", "scip_diagnostics", "scip_metadata"}) {
    EXPECT_EQ(
        Query(dir.path() / "out" / "evidence", std::string("SELECT count(*) FROM ") + table)[0][0],
        "0")
        << table;
  }
}

// The python layer (embedded CPython in worker processes) on the fixture, with --ast.
TEST(PythonLayerTest, EvidenceTablesAreFilledAndTheBrokenFileIsADiagnostic) {
  TempDir dir;
  orchestrate::BuildOptions options;
  options.repo = Fixture("mini_pkg");
  options.profile.threads = 2;
  options.emit_evidence = true;
  options.python_ast = true;
  for (const char* name : {"one", "two"}) {
    options.out = dir.path() / name;
    ASSERT_OK(orchestrate::RunBuild(options).status());
    options.profile.threads = 1;
  }
  const fs::path evidence = dir.path() / "one" / "evidence";
  EXPECT_THAT(Slurp(dir.path() / "one" / "manifest.json"),
              ::testing::HasSubstr("\"cpython\": \"3.11."));
  // describe's lambda is a function scope nested in describe; `math` is imported at module level.
  auto lambda = Query(evidence,
                      "SELECT p.name, c.is_nested FROM sym_scopes c JOIN sym_scopes p "
                      "ON p.scope_id = c.parent_scope_id WHERE c.path = 'mini/shapes.py' "
                      "AND c.name = 'lambda'");
  ASSERT_EQ(lambda.size(), 1u);
  EXPECT_EQ(lambda[0][0], "describe");
  EXPECT_EQ(lambda[0][1], "true");
  EXPECT_EQ(Query(evidence,
                  "SELECT count(*) FROM sym_symbols s JOIN sym_scopes c USING (scope_id) "
                  "WHERE c.path = 'mini/shapes.py' AND c.name = 'top' AND s.name = 'math' "
                  "AND s.is_imported")[0][0],
            "1");
  EXPECT_EQ(Query(evidence,
                  "SELECT count(*) FROM bc_code_units WHERE path = 'mini/shapes.py' "
                  "AND co_qualname = 'Circle.area' AND first_line = 13")[0][0],
            "1");
  for (const char* table : {"bc_instructions", "bc_blocks", "sym_scope_edges",
                            "sym_namespace_edges", "ast_nodes", "ast_edges"}) {
    EXPECT_NE(Query(evidence, std::string("SELECT count(*) FROM ") + table)[0][0], "0") << table;
  }
  // broken.py does not compile: one python diagnostic, no python rows; its CST rows remain.
  EXPECT_EQ(Query(dir.path() / "one", "SELECT code FROM diagnostics WHERE layer = 'python'")[0][0],
            "PY_SYNTAX_ERROR");
  EXPECT_EQ(
      Query(evidence, "SELECT count(*) FROM bc_code_units WHERE path = 'mini/broken.py'")[0][0],
      "0");
  EXPECT_NE(Query(evidence, "SELECT count(*) FROM cst_defs WHERE path = 'mini/broken.py'")[0][0],
            "0");
  // One worker or two: the same bytes.
  for (const char* table : {"sym_symbols.parquet", "bc_instructions.parquet",
                            "bc_cfg_edges.parquet", "ast_nodes.parquet"}) {
    EXPECT_TRUE(Slurp(evidence / table) == Slurp(dir.path() / "two" / "evidence" / table)) << table;
  }
}

TEST(PythonLayerTest, SkipLayerLeavesTheTablesEmpty) {
  TempDir dir;
  orchestrate::BuildOptions options;
  options.repo = Fixture("mini_pkg");
  options.out = dir.path() / "out";
  options.emit_evidence = true;
  options.skipped_layers = {"python"};
  ASSERT_OK(orchestrate::RunBuild(options).status());
  EXPECT_EQ(Query(dir.path() / "out" / "evidence", "SELECT count(*) FROM sym_scopes")[0][0], "0");
  EXPECT_EQ(
      Query(dir.path() / "out", "SELECT count(*) FROM diagnostics WHERE layer = 'python'")[0][0],
      "0");
}

}  // namespace
}  // namespace codeanatomy

namespace codeanatomy {
namespace {

// A real corpus: the CPython standard library of the machine (Debian's python3.11, which
// scripts/setup installs). Every regular .py file there is listed and yields a MODULE node with a
// span; the symbolic links among them (sitecustomize.py, _sysconfigdata) are listed with status
// symlink_skipped and a MODULE node without one.
TEST(StdlibTest, EveryFileYieldsNodes) {
  const fs::path stdlib = "/usr/lib/python3.11";
  if (!fs::exists(stdlib / "os.py")) GTEST_SKIP() << "no CPython standard library here";
  int64_t files = 0, links = 0;
  for (auto it = fs::recursive_directory_iterator(stdlib); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_symlink()) {
      if (it->is_directory()) {
        it.disable_recursion_pending();
      } else if (it->path().extension() == ".py") {
        ++links;
      }
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".py") ++files;
  }
  TempDir dir;
  auto summary = Build(stdlib, dir.path() / "out");
  EXPECT_EQ(summary.files, files + links);
  EXPECT_EQ(summary.nodes_by_kind["MODULE"], files + links);
  auto ok = Query(
      dir.path() / "out",
      "SELECT count(DISTINCT path) FROM cpg_nodes WHERE node_kind = 'MODULE' AND bend IS NOT NULL");
  EXPECT_EQ(ok[0][0], std::to_string(files));
  EXPECT_GT(summary.nodes_by_kind["FUNCTION"], 10000);
  EXPECT_EQ(Query(dir.path() / "out", "SELECT count(*) FROM cpg_edges_errors")[0][0], "0");
}

}  // namespace
}  // namespace codeanatomy
