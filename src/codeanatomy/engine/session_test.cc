#include "codeanatomy/engine/session.h"

#include <algorithm>

#include <fmt/format.h>

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/testing.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::engine {
namespace {

using base::ColumnType;

std::unique_ptr<Session> OpenSession() {
  RuntimeProfile profile;
  profile.threads = 2;
  auto s = Session::Open(profile);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

base::Table AllTypes() {
  base::Table t(base::Schema({{"b", ColumnType::kBool, true},
                              {"i", ColumnType::kInt32, true},
                              {"l", ColumnType::kInt64, true},
                              {"u", ColumnType::kUInt64, true},
                              {"d", ColumnType::kDouble, true},
                              {"s", ColumnType::kString, true},
                              {"xs", ColumnType::kStringList, true}}));
  for (int r = 0; r < 5000; ++r) {  // more than one DuckDB vector
    if (r % 7 == 3) {
      for (size_t c = 0; c < t.num_columns(); ++c) t.column(c).AppendNull();
      continue;
    }
    t.column("b").AppendBool(r % 2 == 0);
    t.column("i").AppendInt32(-r);
    t.column("l").AppendInt64(int64_t{1} << 40 | r);
    t.column("u").AppendUInt64(UINT64_MAX - static_cast<uint64_t>(r));
    t.column("d").AppendDouble(r * 0.25);
    t.column("s").AppendString(std::string(static_cast<size_t>(r % 40), 'x') + "é" +
                               std::to_string(r));
    t.column("xs").AppendStringList(
        {"a" + std::to_string(r), "", "long string beyond twelve bytes"});
  }
  return t;
}

TEST(SessionTest, AppendAndReadRoundTripEveryType) {
  auto s = OpenSession();
  base::Table t = AllTypes();
  ASSERT_OK(s->CreateTable("t", t.schema()));
  ASSERT_OK(s->Append("t", t));
  ASSERT_OK_AND_ASSIGN(int64_t n, s->RowCount("t"));
  EXPECT_EQ(n, 5000);
  ASSERT_OK_AND_ASSIGN(base::Table back, s->ReadTable("t"));
  ASSERT_EQ(back.num_rows(), t.num_rows());
  // The session does not preserve insertion order (nothing may depend on it): compare as sets.
  auto sorted_rows = [](const base::Table& table) {
    std::vector<std::vector<base::Value>> rows;
    for (size_t r = 0; r < table.num_rows(); ++r) rows.push_back(table.GetRow(r));
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  const auto want = sorted_rows(t), got = sorted_rows(back);
  for (size_t r = 0; r < want.size(); ++r) ASSERT_EQ(got[r], want[r]) << "row " << r;
}

TEST(SessionTest, StableIdInSqlEqualsTheCppHash) {
  auto s = OpenSession();
  base::Table t(
      base::Schema({{"path", ColumnType::kString, true}, {"n", ColumnType::kInt64, true}}));
  t.column("path").AppendString("pkg/a.py");
  t.column("n").AppendInt64(-17);
  t.column("path").AppendNull();
  t.column("n").AppendInt64(5);
  ASSERT_OK(s->CreateTable("t", t.schema()));
  ASSERT_OK(s->Append("t", t));
  plan::MapCatalog catalog;
  catalog.Add("t", t.schema());
  ASSERT_OK_AND_ASSIGN(plan::Plan p,
                       plan::PlanBuilder(catalog, "ids")
                           .Scan("t")
                           .Project({{"id", plan::StableIdOf({plan::Lit("k"), plan::Col("path"),
                                                              plan::Col("n"), plan::Lit(true)})}})
                           .Build());
  Adapter adapter(*s);
  ASSERT_OK_AND_ASSIGN(int64_t rows, adapter.Materialize(p, {"ids", "ids"}));
  ASSERT_EQ(rows, 2);
  ASSERT_OK_AND_ASSIGN(base::Table ids, s->ReadTable("ids"));
  base::StableIdBuilder second;
  second.Add("k").AddNull().Add(int64_t{5}).Add(true);
  std::set<uint64_t> got = {ids.column(0).GetUInt64(0), ids.column(0).GetUInt64(1)};
  std::set<uint64_t> want = {base::StableId("k", "pkg/a.py", int64_t{-17}, true), second.Finish()};
  EXPECT_EQ(got, want);
}

TEST(SessionTest, SnapshotListsTablesColumnsAndRows) {
  auto s = OpenSession();
  base::Table t = AllTypes();
  ASSERT_OK(s->CreateTable("alpha", t.schema()));
  ASSERT_OK(s->Append("alpha", t));
  ASSERT_OK(s->CreateTable("beta", base::Schema({{"x", ColumnType::kInt64, true}})));
  ASSERT_OK_AND_ASSIGN(auto snapshot, s->Snapshot());
  ASSERT_EQ(snapshot.size(), 2u);
  EXPECT_EQ(snapshot[0].name, "alpha");
  EXPECT_EQ(snapshot[0].rows, 5000);
  EXPECT_EQ(snapshot[0].columns.size(), 7u);
  EXPECT_EQ(snapshot[0].columns[6].type, "VARCHAR[]");
  EXPECT_EQ(snapshot[1].rows, 0);
}

TEST(SessionTest, ReleasedTablesAreGoneButStayInTheSnapshot) {
  auto s = OpenSession();
  base::Table t = AllTypes();
  ASSERT_OK(s->CreateTable("alpha", t.schema()));
  ASSERT_OK(s->Append("alpha", t));
  ASSERT_OK(s->CreateTable("beta", base::Schema({{"x", ColumnType::kInt64, true}})));
  ASSERT_OK(s->CreateTable("gamma", base::Schema({{"y", ColumnType::kString, true}})));
  ASSERT_OK(s->Release("alpha"));
  ASSERT_OK_AND_ASSIGN(bool has_alpha, s->HasTable("alpha"));
  EXPECT_FALSE(has_alpha);
  EXPECT_FALSE(s->RowCount("alpha").ok());
  ASSERT_OK_AND_ASSIGN(auto snapshot, s->Snapshot());
  ASSERT_EQ(snapshot.size(), 3u);
  EXPECT_EQ(snapshot[0].name, "alpha");
  EXPECT_EQ(snapshot[0].rows, 5000);
  ASSERT_EQ(snapshot[0].columns.size(), 7u);
  EXPECT_EQ(snapshot[0].columns[0].name, "b");
  EXPECT_EQ(snapshot[0].columns[6].type, "VARCHAR[]");
  EXPECT_EQ(snapshot[1].name, "beta");
  EXPECT_EQ(snapshot[2].name, "gamma");
  EXPECT_FALSE(s->Release("no_such_table").ok());
}

TEST(SessionTest, CopyToParquetIsSortedAndReadable) {
  auto s = OpenSession();
  base::testing::TempDir dir;
  base::Table t(base::Schema({{"k", ColumnType::kInt64, true}}));
  for (int64_t v : {3, 1, 2}) t.column(0).AppendInt64(v);
  t.column(0).AppendNull();
  ASSERT_OK(s->CreateTable("t", t.schema()));
  ASSERT_OK(s->Append("t", t));
  auto path = dir.path() / "t.parquet";
  ASSERT_OK(s->CopyToParquet("t", path, {"k"}));
  ASSERT_OK(s->CreateParquetView("back", path));
  ASSERT_OK_AND_ASSIGN(base::Table back, s->ReadTable("back"));
  ASSERT_EQ(back.num_rows(), 4u);
  EXPECT_FALSE(back.column(0).IsValid(0));
  EXPECT_EQ(back.column(0).GetInt64(1), 1);
  EXPECT_EQ(back.column(0).GetInt64(3), 3);
}

// Asserts on DuckDB's own settings and extension list, so that it fails if a change lets the
// session install or load an extension, whether or not the network is reachable.
TEST(SessionTest, ExtensionsAreNeverInstalled) {
  auto s = OpenSession();
  std::vector<std::string> names;
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (const char* setting : {"autoinstall_known_extensions", "autoload_known_extensions",
                              "allow_community_extensions"}) {
    ASSERT_OK(
        s->QueryText(fmt::format("SELECT current_setting('{}')::VARCHAR", setting), &names, &rows));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], "false") << setting;
  }

  // A remote read needs httpfs, which is not built into libduckdb: it must fail for want of the
  // extension (not for want of a network) and leave nothing installed or loaded.
  const base::Status remote =
      s->QueryText("SELECT * FROM read_csv_auto('https://example.com/x.csv')", &names, &rows);
  EXPECT_FALSE(remote.ok());
  EXPECT_THAT(remote.message(), ::testing::HasSubstr("requires the extension httpfs"));

  // Every extension the session has is built into libduckdb; none came from a download.
  ASSERT_OK(s->QueryText(
      "SELECT extension_name, install_mode FROM duckdb_extensions() "
      "WHERE (loaded OR installed) AND install_mode IS DISTINCT FROM 'STATICALLY_LINKED' "
      "ORDER BY extension_name",
      &names, &rows));
  EXPECT_TRUE(rows.empty()) << "extension " << rows[0][0].value_or("?") << " was installed ("
                            << rows[0][1].value_or("?") << ")";
}

}  // namespace
}  // namespace codeanatomy::engine
