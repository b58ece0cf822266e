// Data-driven resolution tests. Each directory under tests/resolution/ is a small repository about
// one resolution feature, with expected.txt listing, for sites of the code, the targets the graph
// must give them:
//
//   kind file:line:col "text" -> target
//
// kinds: call (CALLS of the explicit call whose callee is "text"), decorator (CALLS of the
// decorator application), protocol (CALLS of the implicit with/for calls on the expression "text"),
// ref (REFERENCES of the name), import (IMPORTS of the alias). Targets are dotted names (defs and
// bindings: qualified_name; modules: module name; builtins: <builtin>.name; external names: their
// import path). Checked both ways: for every listed site the set of targets is exactly the listed
// one ("(none)": no edge). Every case is also checked against CPython's symbol table: the binding
// class of every name reference must agree with it (manifest "resolution" metrics).
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

struct Expectation {
  std::string kind, file, text;
  int line = 0, col = 0;
  std::set<std::string> targets;
  std::string Where() const {
    return fmt::format("{} {}:{}:{} \"{}\"", kind, file, line, col, text);
  }
};

std::vector<Expectation> ReadExpectations(const fs::path& file) {
  std::ifstream in(file);
  std::map<std::string, Expectation> by_site;
  std::vector<std::string> order;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // kind file:line:col "text" -> target
    Expectation e;
    std::istringstream s(line);
    std::string where;
    s >> e.kind >> where;
    auto q1 = line.find('"'), q2 = line.find("\" -> ");
    EXPECT_NE(q2, std::string::npos) << line;
    e.text = line.substr(q1 + 1, q2 - q1 - 1);
    std::string target = line.substr(q2 + 5);
    auto c1 = where.find(':'), c2 = where.rfind(':');
    e.file = where.substr(0, c1);
    e.line = std::stoi(where.substr(c1 + 1, c2 - c1 - 1));
    e.col = std::stoi(where.substr(c2 + 1));
    const std::string key = e.Where();
    auto [it, inserted] = by_site.emplace(key, e);
    if (inserted) order.push_back(key);
    if (target != "(none)") it->second.targets.insert(target);
  }
  std::vector<Expectation> out;
  for (const auto& k : order) out.push_back(by_site[k]);
  return out;
}

int64_t Offset(const fs::path& file, int line, int col) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int64_t offset = 0;
  for (int l = 1; l < line; ++l) {
    auto nl = text.find('\n', static_cast<size_t>(offset));
    EXPECT_NE(nl, std::string::npos) << file << ":" << line;
    offset = static_cast<int64_t>(nl) + 1;
  }
  return offset + col - 1;
}

// Display names of every node, as the expectations write them.
constexpr const char* kNames = R"(
  names AS (
    SELECT n.node_id, CASE n.node_kind
        WHEN 'BUILTIN' THEN '<builtin>.' || pn.value_str
        WHEN 'EXTERNAL_MODULE' THEN pn.value_str
        WHEN 'EXTERNAL_SYMBOL' THEN pn.value_str
        WHEN 'MODULE' THEN pm.value_str
        ELSE pq.value_str END AS display
    FROM cpg_nodes n
    LEFT JOIN cpg_props pn ON pn.entity_id = n.node_id AND pn.prop_key = 'name'
    LEFT JOIN cpg_props pm ON pm.entity_id = n.node_id AND pm.prop_key = 'module_name'
    LEFT JOIN cpg_props pq ON pq.entity_id = n.node_id AND pq.prop_key = 'qualified_name'))";

std::string SitesSql(const Expectation& e, int64_t start, int64_t end) {
  const std::string path = "'" + e.file + "'";
  if (e.kind == "call") {
    return fmt::format(
        "SELECT call_id AS id FROM cst_callsites WHERE path = {} AND callee_bstart = {} "
        "AND callee_bend = {}",
        path, start, end);
  }
  if (e.kind == "decorator") {
    return fmt::format(
        "SELECT decorator_id AS id FROM cst_decorators WHERE path = {} AND bstart = {} "
        "AND bend = {}",
        path, start, end);
  }
  if (e.kind == "protocol") {
    return fmt::format(
        "SELECT n.node_id AS id FROM cpg_nodes n JOIN cpg_props p ON p.entity_id = n.node_id "
        "AND p.prop_key = 'call_kind' AND p.value_str NOT IN ('explicit', 'decorator') WHERE "
        "n.path = {} "
        "AND n.bstart = {} AND n.bend = {}",
        path, start, end);
  }
  if (e.kind == "ref") {
    return fmt::format(
        "SELECT ref_id AS id FROM cst_name_refs WHERE path = {} AND bstart = {} AND bend = {}",
        path, start, end);
  }
  if (e.kind == "reach") {
    // The USE_SITE anchored at the name: its incoming REACHES edges are checked.
    return fmt::format(
        "SELECT a.src AS id FROM cpg_edges a JOIN cst_name_refs r ON r.ref_id = a.dst "
        "WHERE a.edge_kind = 'ANCHORED_AT' AND r.path = {} AND r.bstart = {} AND r.bend = {} "
        "AND a.src IN (SELECT node_id FROM cpg_nodes WHERE node_kind = 'USE_SITE')",
        path, start, end);
  }
  if (e.kind == "import") {
    return fmt::format("SELECT import_id AS id FROM cst_imports WHERE path = {} AND bstart = {}",
                       path, start);
  }
  ADD_FAILURE() << "unknown expectation kind " << e.kind;
  return "SELECT NULL::UBIGINT AS id WHERE false";
}

const char* EdgeKindOf(const std::string& kind) {
  if (kind == "ref") return "REFERENCES";
  if (kind == "reach") return "REACHES";
  if (kind == "import") return "IMPORTS";
  return "CALLS";
}

class ResolutionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ResolutionTest, ExpectedEdgesExactly) {
  const fs::path repo = base::testing::SourceDir() / "tests" / "resolution" / GetParam();
  TempDir dir;
  orchestrate::BuildOptions options;
  options.repo = repo;
  options.out = dir.path() / "out";
  options.profile.threads = 2;
  options.emit_evidence = true;
  auto built = orchestrate::RunBuild(options);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  // Every case is valid Python CPython compiles, so its symbol table has checked every reference,
  // and our binding classes must agree with it everywhere.
  EXPECT_GT(built->resolution["symtable_checked"], 0);
  EXPECT_EQ(built->resolution["symtable_agree"], built->resolution["symtable_checked"]);
  EXPECT_EQ(built->resolution["symtable_disagree"], 0);
  ASSERT_OK_AND_ASSIGN(auto reader, read::OutputReader::Open(options.out));
  auto expectations = ReadExpectations(repo / "expected.txt");
  ASSERT_FALSE(expectations.empty());
  for (const auto& e : expectations) {
    const int64_t start = Offset(repo / e.file, e.line, e.col);
    const int64_t end = start + static_cast<int64_t>(e.text.size());
    if (e.kind == "reach") {
      const std::string sql = fmt::format(
          "WITH sites AS ({}) SELECT count(DISTINCT s.id), string_agg(DISTINCT "
          "(l.line0 + 1)::VARCHAR || ':' || (d.bstart - l.bstart + 1)::VARCHAR, ' | ' ORDER BY "
          "(l.line0 + 1)::VARCHAR || ':' || (d.bstart - l.bstart + 1)::VARCHAR) FROM sites s "
          "LEFT JOIN cpg_edges e ON e.dst = s.id AND e.edge_kind = 'REACHES' "
          "LEFT JOIN cpg_nodes d ON d.node_id = e.src "
          "LEFT JOIN file_line_index l ON l.path = d.path AND d.bstart >= l.bstart AND d.bstart < "
          "l.bend",
          SitesSql(e, start, end));
      ASSERT_OK_AND_ASSIGN(auto result, reader.Query(sql));
      EXPECT_NE(result.rows[0][0], "0") << e.Where() << ": no use site anchored there";
      std::string expected;
      for (const auto& t : e.targets) expected += (expected.empty() ? "" : " | ") + t;
      EXPECT_EQ(result.rows[0][1].value_or("(none)"), expected.empty() ? "(none)" : expected)
          << e.Where();
      continue;
    }
    const std::string sql = fmt::format(
        "WITH sites AS ({}), {} SELECT count(DISTINCT s.id) AS sites, string_agg(DISTINCT "
        "coalesce(names.display, '?' || e.dst::VARCHAR), ' | ' ORDER BY coalesce(names.display, "
        "'?' || e.dst::VARCHAR)) AS targets FROM sites s LEFT JOIN cpg_edges e ON e.src = s.id AND "
        "e.edge_kind = '{}' LEFT JOIN names ON names.node_id = e.dst",
        SitesSql(e, start, end), kNames, EdgeKindOf(e.kind));
    ASSERT_OK_AND_ASSIGN(auto result, reader.Query(sql));
    ASSERT_EQ(result.rows.size(), 1u);
    EXPECT_NE(result.rows[0][0], "0") << e.Where() << ": no such site in the graph";
    const std::string actual = result.rows[0][1].value_or("(none)");
    std::string expected;
    for (const auto& t : e.targets) expected += (expected.empty() ? "" : " | ") + t;
    if (expected.empty()) expected = "(none)";
    EXPECT_EQ(actual, expected) << e.Where();
  }
}

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& entry :
       fs::directory_iterator(base::testing::SourceDir() / "tests" / "resolution")) {
    if (entry.is_directory() && fs::exists(entry.path() / "expected.txt")) {
      out.push_back(entry.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Corpus, ResolutionTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace codeanatomy
