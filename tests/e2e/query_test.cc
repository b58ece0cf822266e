// `codeanatomy query` and `codeanatomy shell` for scripts and people: SQL from an argument, a file
// or standard input, several statements, typed JSON and NDJSON, nested values in every format, the
// query views, and a sandbox no hostile SQL gets out of.
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "codeanatomy/base/testing.h"

#include "e2e/e2e_util.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using json = nlohmann::json;
using testing::Fixture;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunCli;
using testing::RunCliShell;

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

//! The cookbook fixture, built once for the suite.
class QueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto r = RunCli({"build", Fixture("cookbook").string(), "-o", Out().string(), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path Out() { return dir_->path() / "out"; }
  static std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }
  static TempDir* dir_;
};
TempDir* QueryTest::dir_ = nullptr;

TEST_F(QueryTest, ViewsAnswerInOneQuery) {
  auto r = RunCli({"query", Out().string(),
                   "SELECT qualified_name, kind, class, parameters, decorators FROM functions "
                   "WHERE name IN ('grant', 'display') ORDER BY 1",
                   "--format", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "qualified_name,kind,class,parameters,decorators\n"
            "app.models.Admin.grant,method,app.models.Admin,3,[]\n"
            "app.models.User.display,method,app.models.User,1,['property']\n");
  auto callers = RunCli({"query", Out().string(),
                         "SELECT caller, line FROM calls WHERE callee = 'app.service.run'",
                         "--format", "csv"});
  EXPECT_EQ(callers.out, "caller,line\napp.service.deploy,17\n") << callers.err;
}

TEST_F(QueryTest, JsonIsTypedAndNdjsonStreamsObjects) {
  auto r =
      RunCli({"query", Out().string(),
              "SELECT qualified_name, bases, mro, methods, line, NULL AS nothing, 0.5 AS half, "
              "{'k': [1, 2]} AS nested, MAP {'a': 1} AS m FROM classes WHERE name = 'Admin'",
              "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["bases"], json({"app.models.User", "app.models.Auditable"}));
  EXPECT_EQ(j[0]["mro"][2], "app.models.Base");
  EXPECT_EQ(j[0]["methods"], 2);
  EXPECT_EQ(j[0]["line"], 20);
  EXPECT_TRUE(j[0]["nothing"].is_null());
  EXPECT_EQ(j[0]["half"], 0.5);
  EXPECT_EQ(j[0]["nested"], json({{"k", {1, 2}}}));
  EXPECT_EQ(j[0]["m"], json({{"a", 1}}));
  auto nd = RunCli({"query", Out().string(),
                    "SELECT name, parameters FROM functions ORDER BY name LIMIT 3", "--format",
                    "ndjson"});
  ASSERT_EQ(nd.exit_code, 0) << nd.err;
  EXPECT_EQ(Lines(nd.out), 3);
  EXPECT_EQ(json::parse(nd.out.substr(0, nd.out.find('\n'))),
            json({{"name", "<lambda>"}, {"parameters", 1}}));
  auto empty = RunCli({"query", Out().string(), "SELECT 1 AS x WHERE false", "--format", "json"});
  EXPECT_EQ(json::parse(empty.out), json::array());
}

// LIST, STRUCT, MAP and BLOB values print as themselves in every format (they printed as empty
// strings, e.g. cst_defs.decorators).
TEST_F(QueryTest, NestedValuesAndBlobsInEveryFormat) {
  const std::string sql =
      "SELECT ['a', 'b, c'] AS l, {'x': 1, 'y': 'z'} AS s, MAP {'k': 2} AS m, "
      "'\\x00A\\xFF'::BLOB AS b";
  auto table = RunCli({"query", Out().string(), sql});
  EXPECT_THAT(table.out, HasSubstr("['a', 'b, c']  {'x': 1, 'y': 'z'}  {'k'=2}  \\x00A\\xFF"));
  auto csv = RunCli({"query", Out().string(), sql, "--format", "csv"});
  EXPECT_EQ(csv.out, "l,s,m,b\n\"['a', 'b, c']\",\"{'x': 1, 'y': 'z'}\",{'k'=2},\\x00A\\xFF\n");
  auto j = RunCli({"query", Out().string(), sql, "--format", "json"});
  EXPECT_EQ(json::parse(j.out)[0], json({{"l", {"a", "b, c"}},
                                         {"s", {{"x", 1}, {"y", "z"}}},
                                         {"m", {{"k", 2}}},
                                         {"b", "\\x00A\\xFF"}}));
}

TEST_F(QueryTest, SqlFromArgumentFileOrStdinAndSeveralStatements) {
  const std::string two = "SELECT 1 AS a; SELECT 2 AS b, 'x' AS c;";
  auto arg = RunCli({"query", Out().string(), two, "--format", "csv"});
  EXPECT_EQ(arg.out, "a\n1\n\nb,c\n2,x\n") << arg.err;
  const fs::path file = dir_->Write("q.sql",
                                    "-- a comment\nCREATE MACRO twice(x) AS 2 * x;\n"
                                    "SELECT twice(21) AS answer;\n");
  auto from_file = RunCli({"query", Out().string(), "-f", file.string(), "--format", "csv"});
  EXPECT_EQ(from_file.out, "answer\n42\n") << from_file.err;
  auto from_stdin = RunCliShell("printf 'SELECT 7 AS seven;' | " + std::string(CA_CLI_BINARY) +
                                " query " + Out().string() + " - --format csv");
  EXPECT_EQ(from_stdin, "seven\n7\n");
  auto table = RunCli({"query", Out().string(), "SELECT 1 AS a; SELECT 2 AS b"});
  EXPECT_EQ(table.out, "a\n-\n1\n(1 row)\n\nb\n-\n2\n(1 row)\n");
}

TEST_F(QueryTest, EmptySqlAndMissingTablesAreOneLineErrors) {
  for (const std::string sql : {"", "  ", " ; ;", "-- only a comment"}) {
    auto r = RunCli({"query", Out().string(), sql});
    EXPECT_EQ(r.exit_code, 2) << "'" << sql << "'";
    EXPECT_THAT(r.err, HasSubstr("no SQL statement")) << "'" << sql << "'";
    EXPECT_EQ(Lines(r.err), 1) << r.err;
  }
  auto none = RunCli({"query", Out().string()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("no SQL"));
  auto evidence = RunCli({"query", Out().string(), "SELECT * FROM cst_defs"});
  EXPECT_EQ(evidence.exit_code, 2);
  EXPECT_EQ(Lines(evidence.err), 1) << evidence.err;
  EXPECT_THAT(evidence.err, HasSubstr("rebuild with --emit-evidence"));
  auto syntax = RunCli({"query", Out().string(), "SELEC 1"});
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_EQ(Lines(syntax.err), 1) << syntax.err;
  EXPECT_THAT(syntax.err, HasSubstr("syntax error"));
}

TEST_F(QueryTest, CodeGivesTheSourceOfASpan) {
  auto r = RunCli({"query", Out().string(),
                   "SELECT code(path, bstart, bend) AS code FROM functions WHERE name = 'level'",
                   "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)[0]["code"], "def level():\n        return 10");
  // In a WHERE clause too: the argument `path` is the caller's column, not file_text's.
  auto where = RunCli({"query", Out().string(),
                       "SELECT line FROM calls WHERE code(path, bstart, bend) LIKE '%shell=True%'",
                       "--format", "csv"});
  EXPECT_EQ(where.out, "line\n10\n") << where.err;
  // An output without file_text opens, and code() says how to get it.
  const fs::path nodes_only = dir_->path() / "nodes_only";
  ASSERT_EQ(RunCli({"build", Fixture("cookbook").string(), "-o", nodes_only.string(), "-q",
                    "--outputs", "cpg_nodes"})
                .exit_code,
            0);
  auto missing = RunCli(
      {"query", nodes_only.string(), "SELECT code(path, bstart, bend) FROM cpg_nodes LIMIT 1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("add file_text to --outputs"));
  EXPECT_EQ(RunCli({"query", nodes_only.string(), "SELECT 1"}).exit_code, 0);
}

// Hostile SQL: no file outside OUT is read or written, nothing attached, no extension installed
// or loaded, the configuration locked; --allow-external lifts it.
TEST_F(QueryTest, SandboxKeepsQueriesInsideTheOutput) {
  TempDir other;
  const fs::path secret = other.Write("secret.txt", "top secret\n");
  const fs::path target = other.path() / "written.csv";
  struct Case {
    std::string sql, why;
  };
  const std::vector<Case> cases = {
      {"SELECT * FROM read_text(" + Quote(secret) + ")", "Permission Error"},
      {"SELECT * FROM read_csv(" + Quote(secret) + ")", "Permission Error"},
      {"SELECT * FROM glob(" + Quote(other.path() / "*") + ")", "Permission Error"},
      {"SELECT * FROM read_text(" + Quote(Out() / "manifest.json") + ")", "Permission Error"},
      {"SELECT * FROM read_text(" + Quote(Out() / ".." / "beside.txt") + ")", "Permission Error"},
      {"COPY (SELECT 1) TO " + Quote(target), "not allowed|Permission Error"},
      {"COPY (SELECT 1 AS x) TO " + Quote(Out() / "cpg_nodes.parquet") +
           " (FORMAT parquet, USE_TMP_FILE false)",
       "COPY is not allowed"},
      {"CREATE TABLE t (line VARCHAR); COPY t FROM " + Quote(secret),
       "not allowed|Permission Error"},
      {"EXPORT DATABASE " + Quote(other.path() / "export"), "not allowed|Permission Error"},
      {"ATTACH " + Quote(other.path() / "x.db") + " AS x", "ATTACH is not allowed"},
      {"INSTALL httpfs", "not allowed"},
      {"LOAD httpfs", "not allowed"},
      {"SET enable_external_access = true", "configuration has been locked"},
      {"SET allowed_paths = ['/']", "configuration has been locked"},
      {"RESET lock_configuration", "locked"},
      {"SELECT * FROM 'https://example.com/x.parquet'", "Error"},
  };
  dir_->Write("beside.txt", "top secret\n");
  for (const auto& c : cases) {
    auto r = RunCli({"query", Out().string(), c.sql});
    EXPECT_EQ(r.exit_code, 2) << c.sql << "\n" << r.out;
    EXPECT_THAT(r.err, ::testing::ContainsRegex(c.why)) << c.sql;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_THAT(r.out, Not(HasSubstr("top secret")));
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_FALSE(fs::exists(other.path() / "x.db"));
  EXPECT_FALSE(fs::exists(other.path() / "export"));
  // The output is intact.
  auto count = RunCli(
      {"query", Out().string(), "SELECT count(*) > 100 AS ok FROM cpg_nodes", "--format", "csv"});
  EXPECT_EQ(count.out, "ok\ntrue\n") << count.err;
  // --allow-external lifts it.
  auto lifted = RunCli({"query", Out().string(), "--allow-external", "--format", "csv",
                        "SELECT content FROM read_text(" + Quote(secret) + ")"});
  EXPECT_EQ(lifted.exit_code, 0) << lifted.err;
  EXPECT_EQ(lifted.out, "content\n\"top secret\n\"\n");
}

// A corrupt or truncated Parquet file fails only the queries that read it, with a line naming it.
TEST_F(QueryTest, ACorruptFileFailsOnlyTheQueriesThatReadIt) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::copy(Out(), out, fs::copy_options::recursive);
  fs::resize_file(out / "cpg_edges.parquet", fs::file_size(out / "cpg_edges.parquet") / 2);
  {
    std::ofstream garbage(out / "class_mro.parquet", std::ios::binary | std::ios::trunc);
    garbage << "PAR1 this is not a parquet file PAR1";
  }
  auto one = RunCli({"query", out.string(), "SELECT 1 AS x", "--format", "csv"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "x\n1\n");
  auto nodes =
      RunCli({"query", out.string(),
              "SELECT count(*) AS n FROM cpg_nodes WHERE node_kind = 'MODULE'", "--format", "csv"});
  EXPECT_EQ(nodes.out, "n\n5\n") << nodes.err;
  for (const std::string sql : {"SELECT count(*) FROM cpg_edges", "SELECT * FROM calls"}) {
    auto r = RunCli({"query", out.string(), sql});
    EXPECT_EQ(r.exit_code, 2) << sql;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("cpg_edges.parquet cannot be read")) << sql;
  }
  auto mro = RunCli({"query", out.string(), "SELECT * FROM class_mro"});
  EXPECT_EQ(mro.exit_code, 2);
  EXPECT_EQ(Lines(mro.err), 1) << mro.err;
  EXPECT_THAT(mro.err, HasSubstr("class_mro.parquet cannot be read"));
  // Damaged pages behind an intact footer fail when read, naming the file.
  TempDir dir2;
  const fs::path out2 = dir2.path() / "out";
  fs::copy(Out(), out2, fs::copy_options::recursive);
  {
    std::fstream f(out2 / "cpg_props.parquet", std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(4);
    const std::string junk(std::min<size_t>(2000, fs::file_size(out2 / "cpg_props.parquet") / 2),
                           '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto props =
      RunCli({"query", out2.string(), "SELECT count(*) FROM (SELECT DISTINCT * FROM cpg_props)"});
  EXPECT_NE(props.exit_code, 0);
  EXPECT_EQ(Lines(props.err), 1) << props.err;
  EXPECT_THAT(props.err, HasSubstr("out/cpg_props.parquet is damaged"));
  auto fine =
      RunCli({"query", out2.string(), "SELECT count(*) AS n FROM cpg_nodes", "--format", "csv"});
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
}

// Results stream: printing millions of rows does not hold them (it took 1.95 GB for 10M rows).
TEST_F(QueryTest, ResultsStreamInsteadOfBeingHeldWhole) {
  auto peak_rss_kb = [&](const std::string& sql, const std::string& format) {
    const std::string cmd = std::string(CA_CLI_BINARY) + " query " + Out().string() + " \"" + sql +
                            "\" --format " + format + " > /dev/null";
    struct rusage before {};
    getrusage(RUSAGE_CHILDREN, &before);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    struct rusage after {};
    getrusage(RUSAGE_CHILDREN, &after);
    return after.ru_maxrss;
  };
  // 3M rows of ~40 bytes: held as text they would take several hundred MB.
  const long small = peak_rss_kb("SELECT 1", "csv");
  for (const char* format : {"csv", "ndjson", "table"}) {
    const long big = peak_rss_kb(
        "SELECT range AS id, 'row number ' || range AS label FROM range(3000000)", format);
    EXPECT_LT(big, small + 150 * 1024) << format << ": peak " << big << " KB vs " << small;
  }
}

// File names are data: their control characters cannot reach the terminal raw in table output.
TEST(QueryControlCharacters, AreEscapedInTableOutput) {
  TempDir dir;
  dir.Write("repo/evil\x1b[31mred.py", "x = 1\n");
  dir.Write("repo/two\nlines.py", "y = 2\n");
  const fs::path out = dir.path() / "out";
  ASSERT_EQ(RunCli({"build", (dir.path() / "repo").string(), "-o", out.string(), "-q"}).exit_code,
            0);
  auto r = RunCli({"query", out.string(), "SELECT path FROM modules ORDER BY path"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_THAT(r.out, HasSubstr("evil\\x1b[31mred.py"));
  EXPECT_THAT(r.out, HasSubstr("two\\nlines.py"));
  EXPECT_EQ(Lines(r.out), 5);  // header, rule, two rows, count
  auto j =
      RunCli({"query", out.string(), "SELECT path FROM modules ORDER BY path", "--format", "json"});
  EXPECT_EQ(json::parse(j.out)[0]["path"], "evil\x1b[31mred.py");
}

TEST_F(QueryTest, ShellRunsStatementsFromAPipe) {
  const std::string cmd =
      "printf '.tables\\nSELECT count(*) AS n\\n  FROM classes;\\n.format "
      "csv\\nSELECT 5 AS five;\\n' | " +
      std::string(CA_CLI_BINARY) + " shell " + Out().string();
  const std::string out = RunCliShell(cmd);
  EXPECT_THAT(out, HasSubstr("functions\n"));
  EXPECT_THAT(out, HasSubstr("n\n-\n4\n(1 row)\n"));
  EXPECT_THAT(out, HasSubstr("five\n5\n"));
  auto failed = RunCliShell("printf 'SELECT * FROM nowhere;\\n' | " + std::string(CA_CLI_BINARY) +
                            " shell " + Out().string() + " 2>&1; echo rc=$?");
  EXPECT_THAT(failed, HasSubstr("nowhere"));
  EXPECT_THAT(failed, HasSubstr("rc=2"));
}

TEST_F(QueryTest, UnknownViewsAndBadSqlFilesAreOneLineErrors) {
  auto unknown = RunCli({"query", Out().string(), "SELECT * FROM funcs"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(Lines(unknown.err), 1) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("funcs"));
  auto missing = RunCli({"query", Out().string(), "-f", (dir_->path() / "none.sql").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(Lines(missing.err), 1) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("none.sql"));
  const fs::path bad = dir_->Write("bad.sql", "SELECT 1 AS ok;\nSELEC broken;\n");
  auto broken = RunCli({"query", Out().string(), "-f", bad.string(), "--format", "csv"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_EQ(Lines(broken.err), 1) << broken.err;
  EXPECT_THAT(broken.err, HasSubstr("syntax error"));
  auto both = RunCli({"query", Out().string(), "SELECT 1", "-f", bad.string()});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("excludes"));
}

//! One recipe of docs/cookbook.md: a `sql` block and its `csv` result, or a `console` block of one
//! `$ codeanatomy …` command and its output.
struct Recipe {
  std::string heading, sql, command, expected;
};

std::vector<Recipe> CookbookRecipes() {
  std::istringstream in(testing::Slurp(base::testing::SourceDir() / "docs" / "cookbook.md"));
  std::vector<Recipe> recipes;
  std::string line, heading;
  auto block = [&in] {
    std::string text, l;
    while (std::getline(in, l) && l != "```") text += l + "\n";
    return text;
  };
  while (std::getline(in, line)) {
    if (line.starts_with("#")) heading = line;
    if (line == "```sql") {
      Recipe r;
      r.heading = heading;
      r.sql = block();
      while (std::getline(in, line) && !line.starts_with("```")) {
      }
      EXPECT_EQ(line, "```csv") << "a sql block without its csv result under " << heading;
      r.expected = block();
      recipes.push_back(std::move(r));
    } else if (line == "```console") {
      std::string text = block();
      const size_t eol = text.find('\n');
      EXPECT_TRUE(text.starts_with("$ codeanatomy ")) << heading;
      Recipe r;
      r.heading = heading;
      r.command = text.substr(2, eol - 2);
      r.expected = text.substr(eol + 1);
      recipes.push_back(std::move(r));
    }
  }
  return recipes;
}

TEST_F(QueryTest, EveryCookbookRecipeGivesItsDocumentedResult) {
  const auto recipes = CookbookRecipes();
  EXPECT_GE(recipes.size(), 13u);
  // Commands run as written, from a directory where `out` is the fixture's graph.
  const fs::path bin = dir_->path() / "bin", cwd = dir_->path() / "cwd";
  fs::create_directories(bin);
  fs::create_directories(cwd);
  fs::create_symlink(CA_CLI_BINARY, bin / "codeanatomy");
  fs::create_directory_symlink(Out(), cwd / "out");
  for (const auto& r : recipes) {
    if (!r.sql.empty()) {
      auto got = RunCli({"query", Out().string(), r.sql, "--format", "csv"});
      EXPECT_EQ(got.exit_code, 0) << r.heading << "\n" << got.err;
      EXPECT_EQ(got.out, r.expected) << r.heading;
    } else {
      auto got =
          RunCliShell("cd " + cwd.string() + " && PATH=" + bin.string() + ":$PATH " + r.command);
      EXPECT_EQ(got, r.expected) << r.heading << "\n$ " << r.command;
    }
  }
}

}  // namespace
}  // namespace codeanatomy
