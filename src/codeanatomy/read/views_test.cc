// The query views on the cookbook fixture (tests/fixtures/cookbook): every declared view builds
// with its declared schema, gives the same rows on the engine and the kernel lane, and the rows of
// tests/views/<view>.tsv (the columns users read, without IDs). CODEANATOMY_REGEN_VIEWS=1 rewrites
// those files; review them with `git diff tests/views`.
#include "codeanatomy/read/views.h"

#include <fstream>
#include <sstream>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/testing.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::read {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

fs::path Fixture() { return base::testing::SourceDir() / "tests" / "fixtures" / "cookbook"; }
fs::path Expected(std::string_view view) {
  return base::testing::SourceDir() / "tests" / "views" / (std::string(view) + ".tsv");
}

std::vector<const schema::TableDef*> Views() {
  std::vector<const schema::TableDef*> out;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kView) out.push_back(&def);
  }
  return out;
}

//! The published tables as the build declares them: output contracts, evidence, rule outputs.
plan::MapCatalog PublishedCatalog() {
  plan::MapCatalog catalog;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kView) catalog.Add(std::string(def.name), def.ToSchema());
  }
  auto built = rules::DefaultRules().BuildAll(catalog);
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  for (const auto& b : *built) {
    for (const auto& o : b.Outputs()) catalog.Add(o, b.OutputSchema(o));
  }
  return catalog;
}

// Against the declared tables, each view has exactly its declared columns, types and nullability.
TEST(Views, MatchTheirDeclarations) {
  plan::MapCatalog catalog = PublishedCatalog();
  ASSERT_EQ(Views().size(), 8u);
  for (const auto* view : Views()) {
    auto plan = BuildView(*view, catalog);
    ASSERT_TRUE(plan.ok()) << view->name << ": " << plan.status().ToString();
    const base::Schema want = view->ToSchema();
    ASSERT_EQ(plan->schema().size(), want.size()) << view->name;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(plan->schema().field(i), want.field(i))
          << view->name << "." << want.field(i).name << " is "
          << base::ColumnTypeName(plan->schema().field(i).type)
          << (plan->schema().field(i).nullable ? " NULL" : " NOT NULL");
    }
  }
}

class ViewsOnFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    orchestrate::BuildOptions options;
    options.repo = Fixture();
    options.out = dir_->path() / "out";
    options.profile.threads = 2;
    auto built = orchestrate::RunBuild(options);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  //! A session with the output's tables as views, and a catalog of their schemas.
  std::unique_ptr<engine::Session> Open(engine::Lane lane, plan::MapCatalog& catalog) {
    engine::RuntimeProfile profile;
    profile.lane = lane;
    auto session = engine::Session::Open(profile);
    EXPECT_TRUE(session.ok());
    for (const char* t : {"cpg_nodes", "cpg_edges", "cpg_props", "class_mro", "file_text"}) {
      EXPECT_OK(
          (*session)->CreateParquetView(t, dir_->path() / "out" / (std::string(t) + ".parquet")));
      auto schema = (*session)->TableSchema(t);
      EXPECT_TRUE(schema.ok());
      catalog.Add(t, *schema);
    }
    return std::move(session).value();
  }

  static TempDir* dir_;
};
TempDir* ViewsOnFixture::dir_ = nullptr;

std::vector<std::vector<base::Value>> SortedRows(const base::Table& t) {
  std::vector<std::vector<base::Value>> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) rows.push_back(t.GetRow(r));
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string Cell(const base::Value& v) {
  std::string s = v.is_null() ? "NULL" : v.ToString();
  std::string out;
  for (char c : s)
    out += c == '\t' ? std::string("\\t") : c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

TEST_F(ViewsOnFixture, SameRowsOnBothLanesAndTheExpectedOnes) {
  const bool regen = std::getenv("CODEANATOMY_REGEN_VIEWS") != nullptr;
  for (const auto* view : Views()) {
    const std::string name(view->name);
    std::vector<std::vector<base::Value>> lanes[2];
    std::string rendered;
    int i = 0;
    for (auto lane : {engine::Lane::kEngine, engine::Lane::kKernel}) {
      plan::MapCatalog catalog;
      auto session = Open(lane, catalog);
      engine::Adapter adapter(*session);
      auto plan = BuildView(*view, catalog);
      ASSERT_TRUE(plan.ok()) << name << ": " << plan.status().ToString();
      ASSERT_OK(adapter.Materialize(*plan, {"view:" + name, name}).status());
      EXPECT_EQ(adapter.records().back().lane, lane == engine::Lane::kEngine ? "engine" : "kernel");
      ASSERT_OK_AND_ASSIGN(base::Table rows, session->ReadTable(name));
      lanes[i++] = SortedRows(rows);
      if (lane != engine::Lane::kEngine) continue;
      // What users read: every column but the IDs, sorted.
      std::vector<size_t> shown;
      std::string header;
      for (size_t c = 0; c < rows.schema().size(); ++c) {
        const std::string& col = rows.schema().field(c).name;
        if (col.ends_with("_id")) continue;
        shown.push_back(c);
        header += (header.empty() ? "" : "\t") + col;
      }
      std::vector<std::string> lines;
      for (size_t r = 0; r < rows.num_rows(); ++r) {
        std::string line;
        for (size_t c : shown)
          line += (line.empty() ? "" : "\t") + Cell(rows.column(c).GetValue(r));
        lines.push_back(line);
      }
      std::sort(lines.begin(), lines.end());
      rendered = header + "\n";
      for (const auto& l : lines) rendered += l + "\n";
    }
    EXPECT_EQ(lanes[0], lanes[1]) << name << ": the engine and kernel lanes differ";
    if (regen) {
      ASSERT_OK(base::WriteFile(Expected(name), rendered));
      continue;
    }
    auto expected = base::ReadFile(Expected(name));
    ASSERT_TRUE(expected.ok()) << expected.status().ToString()
                               << " (CODEANATOMY_REGEN_VIEWS=1 writes it)";
    EXPECT_EQ(*expected, rendered) << name << ": rows differ from " << Expected(name).string()
                                   << " (CODEANATOMY_REGEN_VIEWS=1 rewrites it)";
  }
}

// code(path, bstart, bend) slices bytes of the canonical text: a span after a non-ASCII
// character comes out whole.
TEST_F(ViewsOnFixture, CodeSlicesTheCanonicalTextByBytes) {
  plan::MapCatalog catalog;
  auto session = Open(engine::Lane::kEngine, catalog);
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  ASSERT_OK(session->QueryText(CodeMacroSql(true), &columns, &rows));
  ASSERT_OK(session->QueryText(
      "SELECT code(path, bstart, bend) FROM cpg_nodes WHERE node_kind = 'FUNCTION' AND path = "
      "'app/util.py' ORDER BY bstart LIMIT 1",
      &columns, &rows));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value_or(""),
            "def clean(text):\n    text = text.strip()\n    text = PATTERN.sub(\" \", text)\n    "
            "return text");
}

}  // namespace
}  // namespace codeanatomy::read
