// The finalize gate on small cpg_nodes_raw tables: NULL required columns go to the errors table,
// exact duplicates collapse (the slow path), distinct rows pass as they are (the fast path), and
// two different rows sharing a key are an error naming both.
#include "codeanatomy/emit/finalize.h"

#include "codeanatomy/base/testing.h"

namespace codeanatomy::emit {
namespace {

using ::testing::HasSubstr;

struct Gate {
  std::unique_ptr<engine::Session> session;
  std::unique_ptr<engine::Adapter> adapter;
  plan::MapCatalog catalog;
};

//! A session holding cpg_nodes_raw with `rows` (node_id, node_kind; node_kind "" = NULL).
Gate Open(const std::vector<std::pair<uint64_t, std::string>>& rows) {
  Gate g;
  engine::RuntimeProfile profile;
  auto s = engine::Session::Open(profile);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  g.session = std::move(s).value();
  g.adapter = std::make_unique<engine::Adapter>(*g.session);
  const schema::TableDef& nodes = schema::GetTable("cpg_nodes");
  base::Table raw = nodes.NewTable();
  for (const auto& [id, kind] : rows) {
    raw.column("node_id").AppendUInt64(id);
    if (kind.empty()) {
      raw.column("node_kind").AppendNull();
    } else {
      raw.column("node_kind").AppendString(kind);
    }
    raw.column("path").AppendString("a.py");
    raw.column("bstart").AppendInt64(0);
    raw.column("bend").AppendInt64(1);
    for (const char* c : {"line", "col", "end_line"}) raw.column(c).AppendInt64(1);
    raw.column("end_col").AppendInt64(2);
    raw.column("file_id").AppendUInt64(7);
  }
  EXPECT_OK(g.session->CreateTable("cpg_nodes_raw", raw.schema()));
  EXPECT_OK(g.session->Append("cpg_nodes_raw", raw));
  g.catalog.Add("cpg_nodes_raw", raw.schema());
  return g;
}

std::vector<std::string> Outputs(const engine::Adapter& adapter) {
  std::vector<std::string> out;
  for (const auto& r : adapter.records()) out.push_back(r.output);
  return out;
}

TEST(FinalizeTest, DistinctRowsPassAsTheyAreAndNullsGoToErrors) {
  Gate g = Open({{1, "MODULE"}, {2, "DEF"}, {3, ""}});
  ASSERT_OK_AND_ASSIGN(FinalizeResult r,
                       Finalize(*g.adapter, g.catalog, schema::GetTable("cpg_nodes")));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.error_rows, 1);
  ASSERT_OK_AND_ASSIGN(base::Table errors, g.session->ReadTable("cpg_nodes_errors"));
  ASSERT_EQ(errors.num_rows(), 1u);
  EXPECT_EQ(errors.column("node_id").GetUInt64(0), 3u);
  EXPECT_EQ(errors.column("error").GetString(0), "REQUIRED_NON_NULL: node_kind");
  // No key repeats: neither the DISTINCT nor the collision check ran.
  EXPECT_EQ(Outputs(*g.adapter),
            (std::vector<std::string>{"cpg_nodes_errors", "cpg_nodes_repeated_keys", "cpg_nodes"}));
  EXPECT_TRUE(g.catalog.TableSchema("cpg_nodes").ok());
}

TEST(FinalizeTest, ExactDuplicatesCollapse) {
  Gate g = Open({{1, "MODULE"}, {2, "DEF"}, {2, "DEF"}, {2, "DEF"}});
  ASSERT_OK_AND_ASSIGN(FinalizeResult r,
                       Finalize(*g.adapter, g.catalog, schema::GetTable("cpg_nodes")));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.error_rows, 0);
  ASSERT_OK_AND_ASSIGN(int64_t n, g.session->RowCount("cpg_nodes"));
  EXPECT_EQ(n, 2);
  EXPECT_EQ(Outputs(*g.adapter),
            (std::vector<std::string>{"cpg_nodes_errors", "cpg_nodes_repeated_keys", "cpg_nodes",
                                      "cpg_nodes_key_collisions"}));
}

TEST(FinalizeTest, TwoDifferentRowsSharingAKeyAreAnError) {
  Gate g = Open({{1, "MODULE"}, {2, "DEF"}, {2, "CLASS"}});
  EXPECT_STATUS(
      Finalize(*g.adapter, g.catalog, schema::GetTable("cpg_nodes")), base::StatusCode::kInternal,
      AllOf(HasSubstr("ID collision in cpg_nodes"), HasSubstr("CLASS"), HasSubstr("DEF")));
}

}  // namespace
}  // namespace codeanatomy::emit
