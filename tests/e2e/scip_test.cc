// SCIP as evidence in the graph, end to end on tests/fixtures/scip_pkg: a hand-built index (exact
// spans, roles, relationships, scip CALLS and agreement counts, bad ranges) and a real scip-python
// run (skipped when Node.js is not installed).
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/extract/scip/scip_python.h"
#include "codeanatomy/extract/scip/subprocess.h"
#include "codeanatomy/orchestrate/build.h"

#include "e2e/e2e_util.h"
#include "scip.pb.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using testing::Fixture;
using testing::Query;
using testing::Slurp;

constexpr const char* kPrefix = "scip-python python scip_pkg 0 ";

std::string Sym(const std::string& descriptor) {
  return descriptor.starts_with("local ") ? descriptor : kPrefix + descriptor;
}

//! Byte offset of the `nth` occurrence of `needle` in the fixture file.
int64_t Offset(const std::string& file, const std::string& needle, int nth = 1) {
  const std::string text = Slurp(Fixture("scip_pkg") / file);
  size_t pos = std::string::npos;
  for (int i = 0; i < nth; ++i) pos = text.find(needle, pos == std::string::npos ? 0 : pos + 1);
  EXPECT_NE(pos, std::string::npos) << needle;
  return static_cast<int64_t>(pos);
}

std::map<std::string, int64_t> Resolution(const fs::path& out) {
  auto j = nlohmann::json::parse(Slurp(out / "manifest.json"));
  std::map<std::string, int64_t> m;
  if (j["resolution"].is_object()) {
    for (auto& [k, v] : j["resolution"].items()) m[k] = v.get<int64_t>();
  }
  return m;
}

//! Occurrences as (line, start, end, symbol, roles) on one line each.
void Add(::scip::Document* doc, int line, int start, int end, const std::string& symbol,
         int roles) {
  auto* occ = doc->add_occurrences();
  for (int v : {line, start, line, end}) occ->add_range(v);
  occ->set_symbol(Sym(symbol));
  occ->set_symbol_roles(roles);
}

constexpr int kDef = 1, kImport = 2, kRead = 8;

//! The index scip-python would write for the fixture, plus deliberate mistakes: a wrong symbol on
//! `helper()` of mod.py's last line, ranges outside the file, a range on a keyword.
::scip::Index HandIndex() {
  ::scip::Index index;
  index.mutable_metadata()->mutable_tool_info()->set_name("hand");
  index.mutable_metadata()->mutable_tool_info()->set_version("1.0");
  auto* mod = index.add_documents();  // position encoding unspecified: UTF-16
  mod->set_relative_path("pkg/mod.py");
  Add(mod, 0, 6, 10, "`pkg.mod`/Base#", kDef);
  Add(mod, 1, 8, 16, "`pkg.mod`/Base#__init__().", kDef);
  Add(mod, 5, 6, 11, "`pkg.mod`/Child#", kDef);
  Add(mod, 5, 12, 16, "`pkg.mod`/Base#", kRead);
  Add(mod, 6, 8, 11, "`pkg.mod`/Child#run().", kDef);
  Add(mod, 10, 4, 10, "`pkg.mod`/helper().", kDef);
  Add(mod, 14, 4, 7, "`pkg.mod`/use().", kDef);
  Add(mod, 14, 8, 9, "local 0", kDef);  // the parameter o
  Add(mod, 14, 11, 16, "`pkg.mod`/Child#", kRead);
  Add(mod, 15, 11, 12, "local 0", kRead);
  Add(mod, 15, 13, 16, "`pkg.mod`/Child#run().", kRead);
  // Line 18: `s = "é😀"; c = Child(); c.run(); helper()` — é is 1 UTF-16 unit (2 bytes), 😀 2
  // units (4 bytes): UTF-16 column 15 is byte 18.
  Add(mod, 18, 11, 12, "`pkg.mod`/c.", kDef);
  Add(mod, 18, 15, 20, "`pkg.mod`/Child#", kRead);
  Add(mod, 18, 24, 25, "`pkg.mod`/c.", kRead);
  Add(mod, 18, 26, 29, "`pkg.mod`/Child#run().", kRead);
  Add(mod, 18, 24, 29, "`pkg.mod`/Child#run().", kRead);  // whole `c.run`: the same node again
  Add(mod, 18, 33, 39, "`pkg.mod`/Child#run().", kRead);  // wrong on purpose: it is helper
  Add(mod, 99, 0, 1, "`pkg.mod`/helper().", kRead);       // no line 99
  Add(mod, 18, 50, 60, "`pkg.mod`/helper().", kRead);     // past the end of the line
  Add(mod, 11, 4, 10, "`pkg.mod`/helper().", kRead);      // `return`: anchors to nothing
  auto* child = mod->add_symbols();
  child->set_symbol(Sym("`pkg.mod`/Child#"));
  child->set_kind(::scip::SymbolInformation::Class);
  child->set_display_name("Child");
  auto* rel = child->add_relationships();
  rel->set_symbol(Sym("`pkg.mod`/Base#"));
  rel->set_is_implementation(true);
  rel->set_is_reference(true);

  auto* init = index.add_documents();
  init->set_relative_path("pkg/__init__.py");
  Add(init, 0, 20, 26, "`pkg.mod`/helper().", kImport | kRead);

  auto* wide = index.add_documents();  // columns in code points
  wide->set_relative_path("pkg/wide.py");
  wide->set_position_encoding(::scip::UTF32CodeUnitOffsetFromLineStart);
  Add(wide, 0, 20, 26, "`pkg.mod`/helper().", kRead);
  Add(wide, 1, 0, 1, "local 0", kDef);  // t: another document's `local 0`
  // Line 1: `t = "😀"; helper()` — 😀 is 1 code point (4 bytes): column 9 is byte 12.
  Add(wide, 1, 9, 15, "`pkg.mod`/helper().", kRead);

  auto* ghost = index.add_documents();  // not in the repository
  ghost->set_relative_path("ghost.py");
  Add(ghost, 0, 0, 1, "`ghost`/x.", kDef);
  return index;
}

class ScipHandIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const fs::path index = dir_->Write("index.scip", HandIndex().SerializeAsString());
    orchestrate::BuildOptions options;
    options.repo = Fixture("scip_pkg");
    options.out = Out();
    options.scip_index = index;
    auto summary = orchestrate::RunBuild(options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path Out() { return dir_->path() / "out"; }

  //! (src node kind, scip_symbol of dst) of the edges of `kind` starting at `bstart` in `path`.
  static std::vector<std::pair<std::string, std::string>> EdgesAt(const std::string& kind,
                                                                  const std::string& path,
                                                                  int64_t bstart) {
    auto rows = Query(Out(), fmt::format("SELECT n.node_kind, p.value_str FROM cpg_edges e "
                                         "JOIN cpg_nodes n ON n.node_id = e.src "
                                         "JOIN cpg_props p ON p.entity_id = e.dst AND "
                                         "p.prop_key = 'scip_symbol' "
                                         "WHERE e.edge_kind = '{}' AND e.path = '{}' AND "
                                         "e.bstart = {} ORDER BY 1, 2",
                                         kind, path, bstart));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : rows) out.emplace_back(*r[0], *r[1]);
    return out;
  }
  static TempDir* dir_;
};
TempDir* ScipHandIndexTest::dir_ = nullptr;

using Edges = std::vector<std::pair<std::string, std::string>>;

TEST_F(ScipHandIndexTest, Utf16ColumnsAfterNonAsciiTextAnchorAtTheRightByte) {
  const int64_t child = Offset("pkg/mod.py", "Child()");
  EXPECT_EQ(child, 18 + Offset("pkg/mod.py", "s = \""));  // 18 bytes into its line
  EXPECT_EQ(EdgesAt("SCIP_REFERENCES", "pkg/mod.py", child),
            (Edges{{"NAME_REF", Sym("`pkg.mod`/Child#")}}));
  EXPECT_EQ(EdgesAt("SCIP_READS", "pkg/mod.py", child),
            (Edges{{"NAME_REF", Sym("`pkg.mod`/Child#")}}));
  // The attribute name of c.run(): the ATTRIBUTE_REF.
  EXPECT_EQ(EdgesAt("SCIP_REFERENCES", "pkg/mod.py", Offset("pkg/mod.py", "run(); helper")),
            (Edges{{"ATTRIBUTE_REF", Sym("`pkg.mod`/Child#run().")}}));
}

TEST_F(ScipHandIndexTest, Utf32ColumnsCountCodePoints) {
  EXPECT_EQ(EdgesAt("SCIP_REFERENCES", "pkg/wide.py", Offset("pkg/wide.py", "helper()")),
            (Edges{{"NAME_REF", Sym("`pkg.mod`/helper().")}}));
}

TEST_F(ScipHandIndexTest, DefinitionsAnchorOnTheNameToken) {
  EXPECT_EQ(EdgesAt("SCIP_DEFINES", "pkg/mod.py", Offset("pkg/mod.py", "helper():")),
            (Edges{{"FUNCTION", Sym("`pkg.mod`/helper().")}}));
  EXPECT_EQ(EdgesAt("SCIP_DEFINES", "pkg/mod.py", Offset("pkg/mod.py", "Child(Base)")),
            (Edges{{"CLASS", Sym("`pkg.mod`/Child#")}}));
  EXPECT_EQ(EdgesAt("SCIP_DEFINES", "pkg/mod.py", Offset("pkg/mod.py", "o: Child")),
            (Edges{{"PARAMETER", "local 0"}}));
  EXPECT_EQ(EdgesAt("SCIP_DEFINES", "pkg/mod.py", Offset("pkg/mod.py", "c = Child")),
            (Edges{{"NAME_REF", Sym("`pkg.mod`/c.")}}));
  // A definition is not a reference.
  EXPECT_TRUE(EdgesAt("SCIP_REFERENCES", "pkg/mod.py", Offset("pkg/mod.py", "helper():")).empty());
}

TEST_F(ScipHandIndexTest, ImportRoleOnTheAliasAndTheNameItBinds) {
  const int64_t at = Offset("pkg/__init__.py", "helper");
  const Edges both = {{"IMPORT_ALIAS", Sym("`pkg.mod`/helper().")},
                      {"NAME_REF", Sym("`pkg.mod`/helper().")}};
  EXPECT_EQ(EdgesAt("SCIP_IMPORTS", "pkg/__init__.py", at), both);
  EXPECT_EQ(EdgesAt("SCIP_READS", "pkg/__init__.py", at), both);
  EXPECT_EQ(EdgesAt("SCIP_REFERENCES", "pkg/__init__.py", at), both);
  EXPECT_TRUE(EdgesAt("SCIP_WRITES", "pkg/__init__.py", at).empty());
}

TEST_F(ScipHandIndexTest, SymbolNodesAndLocalSymbolsPerDocument) {
  auto rows = Query(Out(),
                    "SELECT n.path, count(*) FROM cpg_nodes n JOIN cpg_props p ON p.entity_id = "
                    "n.node_id AND p.prop_key = 'scip_symbol' WHERE n.node_kind = 'SCIP_SYMBOL' "
                    "AND p.value_str = 'local 0' GROUP BY 1 ORDER BY 1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0][0], "pkg/mod.py");
  EXPECT_EQ(*rows[1][0], "pkg/wide.py");
  auto props = Query(Out(),
                     "SELECT q.prop_key, q.value_str FROM cpg_props p JOIN cpg_props q USING "
                     "(entity_id) WHERE p.prop_key = 'scip_symbol' AND p.value_str = '" +
                         Sym("`pkg.mod`/Child#") + "' ORDER BY 1");
  ASSERT_EQ(props.size(), 3u);
  EXPECT_EQ(*props[0][0], "name");
  EXPECT_EQ(*props[0][1], "Child");
  EXPECT_EQ(*props[2][0], "symbol_kind");
  EXPECT_EQ(*props[2][1], "Class");
}

TEST_F(ScipHandIndexTest, RelationshipsAreEdgesBetweenSymbols) {
  auto rows = Query(Out(),
                    "SELECT e.edge_kind, s.value_str, d.value_str, e.origin FROM cpg_edges e "
                    "JOIN cpg_props s ON s.entity_id = e.src AND s.prop_key = 'scip_symbol' "
                    "JOIN cpg_props d ON d.entity_id = e.dst AND d.prop_key = 'scip_symbol' "
                    "WHERE e.edge_kind LIKE 'SCIP_REL_%' ORDER BY 1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(*rows[0][0], "SCIP_REL_IMPLEMENTATION");
  EXPECT_EQ(*rows[1][0], "SCIP_REL_REFERENCE");
  for (const auto& r : rows) {
    EXPECT_EQ(*r[1], Sym("`pkg.mod`/Child#"));
    EXPECT_EQ(*r[2], Sym("`pkg.mod`/Base#"));
    EXPECT_EQ(*r[3], "scip");
  }
}

TEST_F(ScipHandIndexTest, ScipCallsStandBesideTheNativeOnes) {
  // (call text, origin, callee qualified name, resolution_method), origin scip and cst alike.
  auto rows = Query(Out(),
                    "SELECT t.value_str, e.origin, q.value_str, e.resolution_method FROM cpg_edges "
                    "e JOIN cpg_props t ON t.entity_id = e.src AND t.prop_key = 'callee_text' "
                    "JOIN cpg_props q ON q.entity_id = e.dst AND q.prop_key = 'qualified_name' "
                    "WHERE e.edge_kind = 'CALLS' ORDER BY e.path, e.bstart, e.origin");
  std::vector<std::string> got;
  for (const auto& r : rows) got.push_back(*r[0] + " " + *r[1] + " " + *r[2] + " " + *r[3]);
  EXPECT_EQ(got, (std::vector<std::string>{
                     // mod.py
                     "helper cst pkg.mod.helper CALL_RESOLUTION",
                     "o.run scip pkg.mod.Child.run SCIP_SYMBOL",
                     "Child cst pkg.mod.Base.__init__ CALL_RESOLUTION",
                     "Child scip pkg.mod.Base.__init__ SCIP_SYMBOL",
                     "c.run cst pkg.mod.Child.run CALL_RESOLUTION",
                     "c.run scip pkg.mod.Child.run SCIP_SYMBOL",
                     "helper cst pkg.mod.helper CALL_RESOLUTION",
                     "helper scip pkg.mod.Child.run SCIP_SYMBOL",
                     // wide.py
                     "helper cst pkg.mod.helper CALL_RESOLUTION",
                     "helper scip pkg.mod.helper SCIP_SYMBOL",
                 }));
}

TEST_F(ScipHandIndexTest, ManifestCountsAgreementAndBadRanges) {
  auto m = Resolution(Out());
  EXPECT_EQ(m["scip_occurrences"], 25);
  EXPECT_EQ(m["scip_occurrences_unmapped"], 3);    // line 99, past the line's end, ghost.py
  EXPECT_EQ(m["scip_occurrences_unanchored"], 1);  // the `return` keyword
  EXPECT_EQ(m["scip_call_sites"], 5);
  EXPECT_EQ(m["scip_agree"], 3);     // Child(), c.run(), helper() of wide.py
  EXPECT_EQ(m["scip_disagree"], 1);  // the wrong symbol on helper()
  EXPECT_EQ(m["scip_only"], 1);      // o.run(): o's type is only annotated
  EXPECT_EQ(m["native_only"], 1);    // helper() inside run(): no occurrence
  EXPECT_EQ(m["scip_name_refs_anchored"], 7);
  EXPECT_EQ(m["scip_name_refs_comparable"], 7);
  EXPECT_EQ(m["scip_name_refs_agree"], 6);
  EXPECT_EQ(m["scip_name_refs_disagree"], 1);
}

// The SCIP rules on real rows give the same bytes on the kernel lane (the reference evaluator).
TEST(ScipEvidenceTest, KernelLaneGivesTheSameRows) {
  TempDir dir;
  const fs::path index = dir.Write("index.scip", HandIndex().SerializeAsString());
  orchestrate::BuildOptions options;
  options.repo = Fixture("scip_pkg");
  options.scip_index = index;
  options.outputs = {"cpg_nodes", "cpg_edges", "cpg_props", "derived"};
  for (auto [name, lane] :
       {std::pair{"engine", engine::Lane::kEngine}, {"kernel", engine::Lane::kKernel}}) {
    options.out = dir.path() / name;
    options.profile.lane = lane;
    ASSERT_OK(orchestrate::RunBuild(options));
  }
  for (const char* f : {"cpg_nodes.parquet", "cpg_edges.parquet", "cpg_props.parquet",
                        "derived/norm_scip_occurrences.parquet", "derived/rel_scip_anchors.parquet",
                        "derived/rel_scip_calls.parquet", "derived/rel_scip_definitions.parquet",
                        "derived/rel_resolution_stats.parquet"}) {
    EXPECT_EQ(Slurp(dir.path() / "engine" / f), Slurp(dir.path() / "kernel" / f)) << f;
  }
}

TEST(ScipEvidenceTest, WithoutAnIndexTheGraphHasNoScipPart) {
  TempDir dir;
  orchestrate::BuildOptions options;
  options.repo = Fixture("scip_pkg");
  options.out = dir.path() / "out";
  ASSERT_OK(orchestrate::RunBuild(options));
  EXPECT_EQ(*Query(options.out,
                   "SELECT count(*) FROM cpg_edges WHERE origin = 'scip' OR edge_kind LIKE "
                   "'SCIP%'")[0][0],
            "0");
  EXPECT_EQ(
      *Query(options.out, "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'SCIP_SYMBOL'")[0][0],
      "0");
  auto m = Resolution(options.out);
  for (const char* metric : {"scip_occurrences", "scip_call_sites", "scip_agree", "scip_only",
                             "native_only", "scip_name_refs_anchored"}) {
    EXPECT_EQ(m.at(metric), 0) << metric;
  }
  EXPECT_EQ(m.at("call_sites_resolved"), 5);

  // Nodes alone need neither the SCIP calls nor the agreement.
  options.out = dir.path() / "nodes";
  options.outputs = {"cpg_nodes"};
  ASSERT_OK(orchestrate::RunBuild(options));
  auto tasks = nlohmann::json::parse(Slurp(options.out / "manifest.json"))["tasks"];
  for (const auto& t : tasks) {
    if (t["name"] == "rule:scip_calls" || t["name"] == "rule:resolution_stats" ||
        t["name"] == "extract:scip") {
      EXPECT_FALSE(t["ran"].get<bool>()) << t["name"];
    }
  }
}

// The real indexer on the fixture: its columns are UTF-16 code units, and on this small package
// its calls and name bindings agree with the native resolution wherever both resolve.
TEST(ScipEvidenceTest, RealScipPythonAgreesWithTheNativeResolution) {
  if (!extract::scip::FindExecutable("node", extract::scip::DefaultSearchPath())) {
    GTEST_SKIP() << "Node.js is not installed: scip-python cannot run here";
  }
  TempDir dir;
  orchestrate::BuildOptions options;
  options.repo = Fixture("scip_pkg");
  options.out = dir.path() / "out";
  options.scip = true;
  options.scip_timeout_seconds = 300;
  auto summary = orchestrate::RunBuild(options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto m = Resolution(options.out);
  EXPECT_EQ(m["scip_occurrences_unmapped"], 0);
  EXPECT_EQ(m["scip_call_sites"], 6);
  EXPECT_EQ(m["scip_agree"], 5);
  EXPECT_EQ(m["scip_disagree"], 0);
  EXPECT_EQ(m["scip_only"], 1);  // o.run(), through the annotation
  EXPECT_EQ(m["native_only"], 0);
  EXPECT_EQ(m["scip_name_refs_anchored"], m["scip_name_refs_agree"]);
  EXPECT_GT(m["scip_name_refs_agree"], 5);
  // The reference after "é😀" lands on the NAME_REF `Child`.
  auto rows = Query(options.out, fmt::format("SELECT n.node_kind FROM cpg_edges e JOIN cpg_nodes n "
                                             "ON n.node_id = e.src WHERE e.edge_kind = "
                                             "'SCIP_REFERENCES' AND e.path = 'pkg/mod.py' AND "
                                             "e.bstart = {}",
                                             Offset("pkg/mod.py", "Child()")));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "NAME_REF");
}

}  // namespace
}  // namespace codeanatomy
