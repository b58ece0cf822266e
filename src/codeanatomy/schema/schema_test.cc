#include <fstream>
#include <sstream>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/schema/kinds.h"
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
