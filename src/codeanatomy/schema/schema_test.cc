#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/kinds.h"
#include "codeanatomy/schema/layers.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {
namespace {

TEST(KindsTest, NamesRoundTrip) {
  for (const auto& k : AllNodeKinds()) EXPECT_EQ(ParseNodeKind(k.name), k.kind);
  for (const auto& k : AllEdgeKinds()) EXPECT_EQ(ParseEdgeKind(k.name), k.kind);
  EXPECT_EQ(Name(NodeKind::kCallSite), "CALL_SITE");
  EXPECT_FALSE(ParseNodeKind("NO_SUCH_KIND").has_value());
}

TEST(TablesTest, DdlComesFromTheDefinition) {
  const TableDef& def = GetTable("cst_callsites");
  std::string ddl = CreateTableSql(def);
  EXPECT_THAT(
      ddl, ::testing::StartsWith("CREATE TABLE \"cst_callsites\" (\"call_id\" UBIGINT NOT NULL"));
  EXPECT_THAT(ddl, ::testing::HasSubstr("\"callee_text\" VARCHAR NOT NULL"));
  EXPECT_EQ(def.ToSchema().size(), def.columns.size());
}

TEST(LayersTest, NamesRoundTripAndPartsBelongToATopLevelLayer) {
  for (const auto& l : AllLayers()) {
    EXPECT_EQ(ParseLayer(l.name), l.layer);
    EXPECT_EQ(Info(l.parent).parent, l.parent)
        << l.name << ": a part's parent is a top-level layer";
  }
  EXPECT_EQ(Info(Layer::kSymtable).parent, Layer::kPython);
  EXPECT_FALSE(ParseLayer("no_such_layer").has_value());
}

TEST(DiagnosticsTest, EveryCodeHasALayerWithADiagnosticsTableOfTheSharedColumns) {
  std::set<std::string_view> names;
  for (const auto& c : AllDiagnosticCodes()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name << " declared twice";
    EXPECT_EQ(ParseDiagnosticCode(c.name), c.code);
    const std::map<Layer, std::string_view> prefix = {
        {Layer::kSource, "SOURCE_"}, {Layer::kCst, "CST_"}, {Layer::kPython, "PY_"}};
    ASSERT_TRUE(prefix.count(c.layer)) << c.name;
    EXPECT_TRUE(c.name.starts_with(prefix.at(c.layer))) << c.name;
    const TableDef* table = Tables().Find(DiagnosticsTable(c.layer));
    ASSERT_NE(table, nullptr) << c.name;
    EXPECT_EQ(table->kind, TableKind::kEvidence);
    EXPECT_EQ(table->layer, c.layer);
    EXPECT_EQ(table->ToSchema(), GetTable("diagnostics").ToSchema());
  }
  EXPECT_EQ(LayersWithDiagnostics(),
            (std::vector<Layer>{Layer::kSource, Layer::kCst, Layer::kPython}));
}

TEST(DiagnosticsTest, LayerAndSeverityComeFromTheCode) {
  base::Table t = NewDiagnosticsTable();
  AppendDiagnostic(t, DiagnosticCode::kSourceSymlinkSkipped, {.path = "a.py", .message = "m"});
  AppendDiagnostic(t, {.path = "b.py",
                       .layer = "cst",
                       .code = "CST_SYNTAX_ERROR",
                       .severity = "error",
                       .message = "m",
                       .bstart = 1,
                       .bend = 2});
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.column("layer").GetString(0), "source");
  EXPECT_EQ(t.column("severity").GetString(0), "info");
  EXPECT_EQ(t.column("code").GetString(0), "SOURCE_SYMLINK_SKIPPED");
  EXPECT_TRUE(t.column("bstart").IsValid(1));
  // The string form is checked against the declaration: a bug, not a row.
  EXPECT_DEATH(
      AppendDiagnostic(t, {.layer = "cst", .code = "CST_SYNTAX_ERROR", .severity = "info"}),
      "declared as layer cst, severity error");
  EXPECT_DEATH(AppendDiagnostic(t, {.layer = "cst", .code = "CST_NO_SUCH", .severity = "error"}),
               "not declared");
}

// docs/schema.md is generated; regenerate with `scripts/codeanatomy schema --markdown >
// docs/schema.md`.
TEST(SchemaDocsTest, CommittedDocsAreUpToDate) {
  std::ifstream in(base::testing::SourceDir() / "docs" / "schema.md");
  ASSERT_TRUE(in.good()) << "docs/schema.md is missing";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == RenderSchemaMarkdown())
      << "docs/schema.md is stale: run `scripts/codeanatomy schema --markdown > docs/schema.md`";
}

}  // namespace
}  // namespace codeanatomy::schema
