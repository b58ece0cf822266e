// The execution core and orchestration, end to end: labelled executions, EXPLAIN capture, plan
// schemas known without executing, the catalog snapshot, lane parity per rule, requested outputs,
// atomic publication under SIGKILL, the terminal progress display.
#include <thread>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/orchestrate/audit.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/table_def.h"

#include "e2e/e2e_util.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using nlohmann::json;
using testing::Fixture;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::RunCliShell;
using testing::Slurp;

json Manifest(const fs::path& out) { return json::parse(Slurp(out / "manifest.json")); }

fs::path BuildInto(const TempDir& dir, const std::string& name,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"build", Fixture("mini_pkg").string(), "-o",
                                   (dir.path() / name).string(), "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = RunCli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return dir.path() / name;
}

TEST(ExecutionRecordsTest, ExplainIsCapturedOnlyWhenAsked) {
  TempDir dir;
  json plain = Manifest(BuildInto(dir, "plain"));
  json explained = Manifest(BuildInto(dir, "explained", {"--explain"}));
  ASSERT_GT(plain["executions"].size(), 5u);
  for (const auto& e : plain["executions"]) EXPECT_TRUE(e["explain"].is_null()) << e["rule"];
  for (const auto& e : explained["executions"]) {
    ASSERT_TRUE(e["explain"].is_string()) << e["rule"];
    EXPECT_FALSE(e["explain"].get<std::string>().empty()) << e["rule"];
  }
  // Every record is labelled with its rule and output, and ran on the engine lane.
  for (const auto& e : plain["executions"]) {
    EXPECT_FALSE(e["rule"].get<std::string>().empty());
    EXPECT_FALSE(e["output"].get<std::string>().empty());
    EXPECT_EQ(e["lane"], "engine") << e["rule"];
    EXPECT_TRUE(e["fallback"].is_null());
    EXPECT_EQ(e["fingerprint"].get<std::string>().size(), 32u);
  }
}

TEST(ExecutionRecordsTest, TwoBuildsGiveIdenticalRecordsApartFromTimings) {
  TempDir dir;
  json a = Manifest(BuildInto(dir, "a"))["executions"];
  json b = Manifest(BuildInto(dir, "b"))["executions"];
  for (auto* records : {&a, &b}) {
    for (auto& e : *records) e.erase("elapsed_ms");
  }
  EXPECT_EQ(a.dump(), b.dump());
}

TEST(CatalogSnapshotTest, ListsEveryEvidenceAndDerivedTableWithRows) {
  TempDir dir;
  json m = Manifest(BuildInto(dir, "out"));
  std::map<std::string, int64_t> rows;
  for (const auto& t : m["catalog"]) rows[t["table"]] = t["rows"];
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence) {
      EXPECT_TRUE(rows.count(std::string(def.name))) << def.name;
    }
  }
  int ran = 0;
  for (const auto& t : m["tasks"]) {
    if (t["kind"] != "rule" || !t["ran"].get<bool>()) continue;
    for (const auto& o : t["outputs"]) EXPECT_TRUE(rows.count(o)) << o;
    ++ran;
  }
  EXPECT_GE(ran, 4);
  EXPECT_EQ(rows["cst_callsites"], 9);
  EXPECT_EQ(rows["rel_callsite_enclosing_def"], 9);
  EXPECT_GT(rows["cpg_nodes"], 0);
}

TEST(PlanSchemaTest, EveryRuleSchemaEqualsItsResultAndNeedsNoExecution) {
  engine::RuntimeProfile profile;
  ASSERT_OK_AND_ASSIGN(auto session, engine::Session::Open(profile));
  plan::MapCatalog catalog;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kEvidence) continue;
    ASSERT_OK(session->CreateTable(def));
    catalog.Add(std::string(def.name), def.ToSchema());
  }
  const int64_t before = session->statements_sent();
  ASSERT_OK_AND_ASSIGN(auto built, rules::DefaultRules().BuildAll(catalog));
  for (const auto& b : built) {
    for (const auto& o : b.Outputs()) (void)b.OutputSchema(o);
  }
  EXPECT_EQ(session->statements_sent(), before) << "building plans and reading schemas sent SQL";
  engine::Adapter adapter(*session);
  for (const auto& b : built) {
    // A fixpoint rule (plan/fixpoint.h) has no single plan: it writes every relation of its group.
    if (b.fixpoint) {
      ASSERT_OK(adapter.RunFixpoint(*b.fixpoint, b.rule.name).status());
    } else {
      ASSERT_OK(adapter.Materialize(b.plan, {b.rule.name, b.rule.output}).status());
    }
    for (const auto& o : b.Outputs()) {
      ASSERT_OK_AND_ASSIGN(base::Schema actual, session->TableSchema(o));
      const base::Schema& inferred = b.OutputSchema(o);
      ASSERT_EQ(actual.size(), inferred.size()) << b.rule.name << " -> " << o;
      for (size_t c = 0; c < actual.size(); ++c) {
        EXPECT_EQ(actual.field(c).name, inferred.field(c).name) << b.rule.name << " -> " << o;
        EXPECT_EQ(actual.field(c).type, inferred.field(c).type)
            << b.rule.name << " -> " << o << "." << actual.field(c).name;
      }
    }
  }
}

TEST(AuditTest, NoShippedRuleNeedsTheKernelLane) {
  ASSERT_OK_AND_ASSIGN(auto entries, orchestrate::AuditRules());
  ASSERT_FALSE(entries.empty());
  for (const auto& e : entries) EXPECT_EQ(e.lane, "engine") << e.name << ": " << e.reason;
  auto r = RunCli({"rules", "--audit"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("0 need the kernel lane"));
}

TEST(LaneParityTest, EveryRuleGivesTheSameRowsOnBothLanes) {
  TempDir dir;
  fs::path engine =
      BuildInto(dir, "engine", {"--outputs", "cpg_nodes,cpg_edges,cpg_props,derived"});
  fs::path kernel = BuildInto(
      dir, "kernel", {"--outputs", "cpg_nodes,cpg_edges,cpg_props,derived", "--lane", "kernel"});
  json m = Manifest(kernel);
  for (const auto& e : m["executions"]) EXPECT_EQ(e["lane"], "kernel") << e["rule"];
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(engine / "derived")) {
    const fs::path other = kernel / "derived" / entry.path().filename();
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(Slurp(entry.path()), Slurp(other)) << entry.path().filename();
    ++compared;
  }
  EXPECT_GE(compared, 4);
  for (const char* f : {"cpg_nodes.parquet", "cpg_edges.parquet", "cpg_props.parquet"}) {
    EXPECT_EQ(Slurp(engine / f), Slurp(kernel / f)) << f;
  }
}

TEST(RequestedOutputsTest, OnlyTheAncestorsOfWhatWasAskedRun) {
  TempDir dir;
  json m = Manifest(BuildInto(dir, "nodes", {"--outputs", "cpg_nodes"}));
  std::map<std::string, json> tasks;
  for (const auto& t : m["tasks"]) tasks[t["name"]] = t;
  EXPECT_TRUE(tasks["rule:emit_nodes"]["ran"].get<bool>());
  EXPECT_TRUE(tasks["extract:cst"]["ran"].get<bool>());
  EXPECT_FALSE(tasks["rule:callsite_enclosing_def"]["ran"].get<bool>());
  EXPECT_THAT(tasks["rule:callsite_enclosing_def"]["reason"].get<std::string>(),
              HasSubstr("not needed"));
  EXPECT_FALSE(tasks["finalize:cpg_edges"]["ran"].get<bool>());
  // Edges are not needed for nodes. (Call resolution is: the builtins and external names only
  // the value flow finds a call to are nodes; symbol tables feed the value flow's scopes.)
  for (const char* skipped : {"rule:emit_edges", "rule:instantiations"}) {
    EXPECT_FALSE(tasks[skipped]["ran"].get<bool>()) << skipped;
    EXPECT_THAT(tasks[skipped]["reason"].get<std::string>(), HasSubstr("not needed")) << skipped;
  }
  EXPECT_TRUE(tasks["extract:python"]["ran"].get<bool>());
  std::map<std::string, int64_t> rows;
  for (const auto& t : m["catalog"]) rows[t["table"]] = t["rows"];
  EXPECT_GT(rows["bc_code_units"], 0) << "the bytecode part did not run";
  EXPECT_TRUE(fs::exists(dir.path() / "nodes" / "cpg_nodes.parquet"));
  EXPECT_FALSE(fs::exists(dir.path() / "nodes" / "cpg_edges.parquet"));
  auto bad = RunCli({"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "x").string(),
                     "--outputs", "nodes"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("unknown output 'nodes'"));
}

TEST(SwitchedOffLayerTest, TablesStayEmptyAndRulesStillRun) {
  TempDir dir;
  json m = Manifest(BuildInto(dir, "out", {"--skip-layer", "cst"}));
  std::map<std::string, int64_t> rows;
  for (const auto& t : m["catalog"]) rows[t["table"]] = t["rows"];
  EXPECT_EQ(rows["cst_defs"], 0);
  // Nothing from the CST (and so no flow graph: code objects are anchored to CST scopes); the
  // modules are still there.
  auto kinds = testing::Query(dir.path() / "out",
                              "SELECT node_kind, count(*) FROM cpg_nodes GROUP BY 1 ORDER BY 1");
  std::map<std::string, std::string> by_kind;
  for (const auto& k : kinds) by_kind[*k[0]] = *k[1];
  EXPECT_EQ(by_kind["MODULE"], "4");
  EXPECT_FALSE(by_kind.count("FUNCTION") || by_kind.count("CALL_SITE") ||
               by_kind.count("NAME_REF"));
  EXPECT_FALSE(by_kind.count("CFG_BLOCK"));
  for (const auto& t : m["tasks"]) {
    if (t["name"] == "extract:cst") {
      EXPECT_FALSE(t["ran"].get<bool>());
      EXPECT_THAT(t["reason"].get<std::string>(), HasSubstr("switched off"));
    }
  }
}

TEST(QueryCommandTest, PrintsCountsPerEdgeKind) {
  TempDir dir;
  fs::path out = BuildInto(dir, "out");
  // mini_pkg: 9 resolved calls (Circle -> __init__, print, area_of, main, sorted, len, fine; and
  // through the value flow shape.area() -> Circle.area, sorted(key=key) -> the lambda), one base
  // class, and broken.py's syntax error seen by the CST and by CPython.
  auto r = RunCli({"query", out.string(),
                   "SELECT edge_kind, count(*) AS n FROM cpg_edges WHERE edge_kind IN ('CALLS', "
                   "'INHERITS', 'HAS_DIAGNOSTIC') GROUP BY 1 ORDER BY 1",
                   "--format", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "edge_kind,n\nCALLS,9\nHAS_DIAGNOSTIC,2\nINHERITS,1\n");
  auto j = RunCli({"query", out.string(),
                   "SELECT count(*) AS n FROM cpg_nodes WHERE node_kind = 'MODULE'", "--format",
                   "json"});
  EXPECT_EQ(json::parse(j.out)[0]["n"], 4);  // numbers as numbers
  auto bad = RunCli({"query", out.string(), "SELECT * FROM no_such_table"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("no_such_table"));
  auto not_out = RunCli({"query", dir.path().string(), "SELECT 1"});
  EXPECT_EQ(not_out.exit_code, 2);
  EXPECT_THAT(not_out.err, HasSubstr("not a CodeAnatomy output directory"));
}

TEST(ShowCommandTest, ShowsPlanSqlAndHowARuleRan) {
  TempDir dir;
  fs::path out = BuildInto(dir, "out", {"--explain"});
  auto plan = RunCli({"show", out.string(), "--rule", "callsite_enclosing_def", "--plan"});
  EXPECT_THAT(plan.out, HasSubstr("IntervalAlign enclosing_best"));
  auto sql = RunCli({"show", out.string(), "--rule", "callsite_enclosing_def", "--sql"});
  EXPECT_THAT(sql.out, HasSubstr("QUALIFY row_number()"));
  auto explain = RunCli({"show", out.string(), "--rule", "callsite_enclosing_def", "--explain"});
  EXPECT_THAT(explain.out, HasSubstr("lane engine, 9 rows"));
  auto missing = RunCli({"show", out.string(), "--rule", "nope", "--sql"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no rule named 'nope'"));
}

TEST(RunBundleTest, HoldsConfigRulesContractsAndSchemas) {
  TempDir dir;
  fs::path out = BuildInto(dir, "out");
  EXPECT_TRUE(fs::exists(out / "run_bundle" / "config.json"));
  EXPECT_THAT(Slurp(out / "run_bundle" / "rules" / "emit_edges.sql"), HasSubstr("SELECT"));
  EXPECT_THAT(Slurp(out / "run_bundle" / "rules" / "emit_edges.ir.txt"), HasSubstr("UnionAll"));
  json contracts = json::parse(Slurp(out / "run_bundle" / "contracts.json"));
  EXPECT_GE(contracts.size(), 4u);
  json nodes = json::parse(Slurp(out / "run_bundle" / "schemas" / "cpg_nodes.json"));
  EXPECT_EQ(nodes["columns"][0]["name"], "node_id");
  json m = Manifest(out);
  EXPECT_FALSE(m["lineage"]["cpg_edges"].empty());
}

// SIGKILL midway: the previous output stays intact; the next run leaves no staging dir behind.
TEST(AtomicPublicationTest, SurvivesSigkill) {
  const fs::path stdlib = "/usr/lib/python3.11";
  if (!fs::exists(stdlib / "os.py")) GTEST_SKIP() << "needs a sizeable repository";
  TempDir dir;
  const fs::path out = dir.path() / "out";
  BuildInto(dir, "out");
  const std::string before = Slurp(out / "cpg_nodes.parquet");
  const std::string manifest_before = Slurp(out / "manifest.json");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(CA_CLI_BINARY, CA_CLI_BINARY, "build", stdlib.c_str(), "-o", out.c_str(), "-q", nullptr);
    _exit(127);
  }
  // Wait until its staging directory exists, then kill it mid-run.
  bool staged = false;
  for (int i = 0; i < 400 && !staged; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (const auto& e : fs::directory_iterator(dir.path())) {
      staged |= e.path().filename().string().starts_with(".out.codeanatomy-tmp-");
    }
  }
  EXPECT_TRUE(staged);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the build finished before it could be killed";
  EXPECT_EQ(Slurp(out / "cpg_nodes.parquet"), before);
  EXPECT_EQ(Slurp(out / "manifest.json"), manifest_before);
  BuildInto(dir, "out");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 1) << "a staging directory was left behind";
}

TEST(ProgressDisplayTest, OnATerminalOnly) {
  if (system("command -v script >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "script(1) is not installed";
  TempDir dir;
  const std::string cmd = std::string(CA_CLI_BINARY) + " build " + Fixture("mini_pkg").string() +
                          " -o " + (dir.path() / "tty").string();
  // script(1) runs the build in a pseudo-terminal and copies what it printed.
  auto tty = RunCliShell("script -qec '" + cmd + "' /dev/null");
  EXPECT_THAT(tty, HasSubstr("codeanatomy: ["));
  EXPECT_THAT(tty, HasSubstr("built the graph"));
  auto piped =
      RunCli({"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "pipe").string()});
  EXPECT_EQ(piped.err.find("codeanatomy: ["), std::string::npos);
  EXPECT_EQ(piped.err, "");
}

}  // namespace
}  // namespace codeanatomy
