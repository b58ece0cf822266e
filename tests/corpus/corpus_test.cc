// The golden corpus and the parity/determinism matrix.
//
// Corpus/CorpusCase.GoldensAndParity/<case>: tests/corpus/<case>/ is built four times — engine lane
// with one thread, with two threads, again with two threads, and the kernel lane (every plan on the
// reference evaluator) — and a fifth, incremental: the third output built again, reusing the
// evidence of every file from its cache. Then:
//   - goldens: the graph renders exactly as expected/*.tsv (harness/golden.h); a difference shows
//     the first differing lines per file. Regenerate with scripts/regen-goldens, review the diff;
//   - parity: every published, derived and evidence table has the same schema and sorted row
//     digest in every build (harness/parity.h), and the Parquet files are byte-identical across
//     thread counts, repeats, lanes and the incremental build.
//
// ParityReport: a deliberately broken rule (a winner selection over ties, whose winner is whatever
// row each lane meets first) makes CompareRuns — the matrix's comparison — name its table and show
// the differing rows.
#include "harness/corpus.h"

#include <algorithm>
#include <iostream>
#include <regex>
#include <set>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/base/testing.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/plan/rule.h"
#include "codeanatomy/read/output_reader.h"

#include "harness/golden.h"
#include "harness/parity.h"

namespace codeanatomy::harness {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

fs::path Corpus() { return CorpusDir(base::testing::SourceDir()); }

//! One case: four builds, the goldens checked on the second, then every pair the matrix promises.
class CorpusCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusCase, GoldensAndParity) {
  const fs::path repo = Corpus() / GetParam();
  const std::vector<Variant> variants = {
      {"engine, 1 thread", engine::Lane::kEngine, 1},
      {"engine, 2 threads", engine::Lane::kEngine, 2},
      {"engine, 2 threads, again", engine::Lane::kEngine, 2},
      {"kernel, 2 threads", engine::Lane::kKernel, 2},
  };
  TempDir dir;
  std::vector<RunSnapshot> runs;
  std::vector<fs::path> outs;
  for (size_t i = 0; i < variants.size(); ++i) {
    outs.push_back(dir.path() / ("run" + std::to_string(i)));
    base::Stopwatch build_watch;
    ASSERT_OK(BuildCase(repo, outs.back(), variants[i]));
    const double build_ms = build_watch.ElapsedMillis();
    base::Stopwatch snapshot_watch;
    ASSERT_OK_AND_ASSIGN(RunSnapshot run, SnapshotOutput(outs.back(), variants[i].label));
    std::cout << fmt::format("[{}] build {:.0f} ms, snapshot of {} tables {:.0f} ms\n",
                             variants[i].label, build_ms, run.tables.size(),
                             snapshot_watch.ElapsedMillis());
    runs.push_back(std::move(run));
  }

  // Incremental: a copy of the third output, built again (every file's evidence reused from its
  // cache), must be the same tables and bytes as a full build.
  {
    const Variant incremental{"engine, 2 threads, incremental", engine::Lane::kEngine, 2};
    outs.push_back(dir.path() / "run4");
    fs::copy(outs[2], outs.back(), fs::copy_options::recursive);
    ASSERT_OK(BuildCase(repo, outs.back(), incremental));
    ASSERT_OK_AND_ASSIGN(std::string manifest, base::ReadFile(outs.back() / "manifest.json"));
    EXPECT_THAT(manifest, HasSubstr("\"used\": true")) << GetParam();
    EXPECT_THAT(manifest, HasSubstr("\"files_extracted\": 0,")) << GetParam();
    ASSERT_OK_AND_ASSIGN(RunSnapshot run, SnapshotOutput(outs.back(), incremental.label));
    runs.push_back(std::move(run));
  }

  // Goldens: the graph renders exactly as expected/*.tsv.
  ASSERT_TRUE(fs::is_directory(repo / "expected"))
      << repo << " has no expected/ directory: run scripts/regen-goldens and review the files";
  ASSERT_OK_AND_ASSIGN(read::OutputReader reader, read::OutputReader::Open(outs[1]));
  ASSERT_OK_AND_ASSIGN(Goldens actual, RenderGoldens(reader));
  ASSERT_OK_AND_ASSIGN(Goldens expected, ReadGoldens(repo / "expected"));
  std::string diff;
  for (const auto& name : GoldenNames()) diff += DiffGolden(name, expected[name], actual[name]);
  EXPECT_TRUE(diff.empty()) << "the graph of tests/corpus/" << GetParam()
                            << " differs from its goldens:\n"
                            << diff
                            << "If the change is intended, run scripts/regen-goldens and review "
                               "`git diff tests/corpus`.";
  // A corpus case is about something: its graph is not empty.
  EXPECT_GT(actual["nodes"].size(), 10u);
  EXPECT_GT(actual["edges"].size(), 10u);

  // Parity: the snapshot covers what the matrix promises to compare.
  const auto& tables = runs[1].tables;
  for (const char* t : {"cpg_nodes", "cpg_edges", "cpg_props", "diagnostics", "cpg_nodes_raw",
                        "cpg_edges_raw", "cpg_props_raw", "repo_files", "cst_defs"}) {
    EXPECT_TRUE(tables.count(t)) << "no table " << t << " in the output of " << GetParam();
  }
  // Same schemas and sorted rows: threads, repeats, lanes.
  for (auto [a, b] : {std::pair{1, 0}, std::pair{1, 2}, std::pair{1, 3}, std::pair{1, 4}}) {
    ParityReport report = CompareRuns(runs[a], runs[b]);
    EXPECT_TRUE(report.ok()) << GetParam() << ": " << report.ToString();
  }
  // Byte-identical files across thread counts, repeats, incremental builds (and, today, lanes).
  for (auto [a, b] : {std::pair{0, 1}, std::pair{1, 2}, std::pair{1, 3}, std::pair{1, 4}}) {
    ASSERT_OK_AND_ASSIGN(auto differing, DifferingParquetFiles(outs[a], outs[b]));
    std::string list;
    for (const auto& f : differing) list += "\n  " + f;
    EXPECT_TRUE(differing.empty()) << GetParam() << ": Parquet files differ between ["
                                   << runs[a].label << "] and [" << runs[b].label << "]:" << list;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusCase, ::testing::ValuesIn(CorpusCases(Corpus())),
                         [](const auto& info) { return info.param; });

// Found by the matrix: the published graph depended on which outputs were requested.
// `diagnostics` is a collector (every layer appends to it, reading it pulls no layer in), so the
// DIAGNOSTIC nodes and HAS_DIAGNOSTIC edges held whatever the layers that happened to run
// reported: the python layer's PY_SYNTAX_ERROR rows appeared only when another output needed the
// CPython pass. Now every reader of `diagnostics` takes each layer's "diagnostics:<layer>" as an
// input (orchestrate/build.cc). Each graph table must be the same asked for alone, with the
// defaults or with every output — also with the bytecode layer (the python pass every graph output
// otherwise runs anyway) switched off.
TEST(Corpus, GraphDoesNotDependOnTheRequestedOutputs) {
  const fs::path repo = Corpus() / "syntax_error";
  const std::vector<std::vector<std::string>> requests = {
      {"cpg_nodes"}, {"cpg_edges"}, {"cpg_props"}, {}, orchestrate::KnownOutputs()};
  TempDir dir;
  for (const std::set<std::string>& skipped :
       {std::set<std::string>{}, std::set<std::string>{"bytecode"}}) {
    std::vector<RunSnapshot> runs;
    for (const auto& outputs : requests) {
      std::string label = outputs.empty() ? "default outputs" : "--outputs ";
      for (const auto& o : outputs) label += (o == outputs.front() ? "" : ",") + o;
      if (!skipped.empty()) label += " --skip-layer bytecode";
      orchestrate::BuildOptions options;
      options.repo = repo;
      options.out = dir.path() / fmt::format("run{}", runs.size() + (skipped.empty() ? 0 : 10));
      options.outputs = outputs;
      options.skipped_layers = skipped;
      options.use_gitignore = false;
      SCOPED_TRACE(label);
      ASSERT_OK(orchestrate::RunBuild(options).status());
      ASSERT_OK_AND_ASSIGN(RunSnapshot run, SnapshotOutput(options.out, label));
      std::erase_if(run.tables, [](const auto& t) {
        return t.first != "cpg_nodes" && t.first != "cpg_edges" && t.first != "cpg_props";
      });
      runs.push_back(std::move(run));
    }
    // The check means something: the python layer's syntax error is in the graph.
    const RunSnapshot& all = runs.back();
    ASSERT_TRUE(all.tables.count("cpg_props"));
    EXPECT_TRUE(std::any_of(
        all.tables.at("cpg_props").rows.begin(), all.tables.at("cpg_props").rows.end(),
        [](const std::string& row) { return row.find("PY_SYNTAX_ERROR") != std::string::npos; }))
        << all.label << ": no PY_SYNTAX_ERROR diagnostic in the graph";
    for (size_t i = 0; i + 1 < runs.size(); ++i) {
      RunSnapshot reference = all;  // only the tables the request has
      std::erase_if(reference.tables,
                    [&](const auto& t) { return !runs[i].tables.count(t.first); });
      EXPECT_FALSE(runs[i].tables.empty()) << runs[i].label;
      const ParityReport report = CompareRuns(runs[i], reference);
      EXPECT_TRUE(report.ok()) << report.ToString();
    }
  }
}

TEST(Corpus, HasTheCases) {
  const auto cases = CorpusCases(Corpus());
  EXPECT_GE(cases.size(), 13u);
  for (const auto& c : cases) {
    for (const auto& name : GoldenNames()) {
      EXPECT_TRUE(fs::exists(Corpus() / c / "expected" / (name + ".tsv")))
          << c << " has no expected/" << name << ".tsv: run scripts/regen-goldens";
    }
  }
}

// ---- The report of a deliberately broken rule ---------------------------------------------------

//! Ties: 64 keys, each with 8 rows of the same rank `o` and distinct values `v`.
base::Table Ties() {
  base::Table t(base::Schema({{"k", base::ColumnType::kInt64, false},
                              {"o", base::ColumnType::kInt64, false},
                              {"v", base::ColumnType::kString, false}}));
  for (int64_t k = 0; k < 64; ++k) {
    for (int64_t i = 0; i < 8; ++i) {
      t.column("k").AppendInt64(k);
      t.column("o").AppendInt64(1);
      t.column("v").AppendString(fmt::format("k{}-row{}", k, i));
    }
  }
  return t;
}

//! A test-only registry: one honest rule and one broken rule — a winner selection whose order
//! (`o` alone) does not decide between tied rows, so each lane keeps whichever row it meets first.
plan::RuleRegistry BrokenRules() {
  using namespace plan;  // NOLINT
  RuleRegistry r;
  r.Add({.name = "count_per_key",
         .output = "counts",
         .doc = "Rows per key: the lanes agree.",
         .build = [](const Catalog& c, const std::string& name) {
           return PlanBuilder(c, name)
               .Scan("ties")
               .Aggregate({{"k", Col("k")}}, {{"n", AggFunc::kCountStar, {}}})
               .Build();
         }});
  r.Add(
      {.name = "pick_any_winner",
       .output = "winners",
       .doc = "BROKEN on purpose: the order over `o` is not total among the tied rows.",
       .build = [](const Catalog& c, const std::string& name) {
         return PlanBuilder(c, name).Scan("ties").WinnerSelect({Col("k")}, {Asc(Col("o"))}).Build();
       }});
  return r;
}

//! Runs every rule of `registry` through an Adapter on a fresh session of `lane` and snapshots
//! the tables.
RunSnapshot RunLane(const plan::RuleRegistry& registry, engine::Lane lane) {
  engine::RuntimeProfile profile;
  profile.threads = 2;
  profile.lane = lane;
  RunSnapshot run;
  run.label = std::string(engine::Name(lane)) + " lane";
  auto session = engine::Session::Open(profile);
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  if (!session.ok()) return run;
  const base::Table ties = Ties();
  EXPECT_OK((*session)->CreateTable("ties", ties.schema()));
  EXPECT_OK((*session)->Append("ties", ties));
  plan::MapCatalog catalog;
  catalog.Add("ties", ties.schema());
  auto built = registry.BuildAll(catalog);
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  if (!built.ok()) return run;
  engine::Adapter adapter(**session);
  for (const auto& b : *built) {
    EXPECT_OK(adapter.Materialize(b.plan, {b.rule.name, b.rule.output}).status());
    EXPECT_EQ(adapter.records().back().lane, engine::Name(lane));
  }
  for (const char* t : {"ties", "counts", "winners"}) {
    auto rows = (*session)->ReadTable(t);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (rows.ok()) run.tables[t] = SnapshotOf(*rows);
  }
  return run;
}

TEST(ParityReport, NamesTheTableAndRowsOfABrokenRule) {
  const plan::RuleRegistry registry = BrokenRules();
  const RunSnapshot engine_run = RunLane(registry, engine::Lane::kEngine);
  const RunSnapshot kernel_run = RunLane(registry, engine::Lane::kKernel);
  const ParityReport report = CompareRuns(engine_run, kernel_run);
  std::cout << report.ToString();
  ASSERT_EQ(report.differences.size(), 1u) << report.ToString();
  const TableDifference& d = report.differences[0];
  EXPECT_EQ(d.table, "winners");
  EXPECT_THAT(d.what, HasSubstr("rows differ ([engine lane]: 64 rows"));
  EXPECT_THAT(d.what, HasSubstr("[kernel lane]: 64 rows"));
  EXPECT_THAT(d.what, HasSubstr("only in [engine lane]"));
  EXPECT_THAT(d.what, HasSubstr("only in [kernel lane]"));
  // The rows are shown cell by cell: per differing key, the kernel lane kept the first row it met
  // (row0), the engine lane another one (which one is DuckDB's business).
  const std::regex kernel_row(R"(\n      k=(\d+) o=1 v=k\1-row0)");
  const std::regex engine_row(R"(\n      k=(\d+) o=1 v=k\1-row[1-7])");
  const size_t kernel_at = d.what.find("only in [kernel lane]");
  ASSERT_NE(kernel_at, std::string::npos);
  EXPECT_TRUE(std::regex_search(d.what.substr(0, kernel_at), engine_row)) << d.what;
  EXPECT_TRUE(std::regex_search(d.what.substr(kernel_at), kernel_row)) << d.what;
  EXPECT_THAT(report.ToString(), Not(HasSubstr("table counts")));
}

TEST(ParityReport, SchemaAndMissingTables) {
  base::Table a(base::Schema({{"x", base::ColumnType::kInt64, true}}));
  base::Table b(base::Schema({{"x", base::ColumnType::kInt32, true}}));
  a.column("x").AppendInt64(1);
  b.column("x").AppendInt32(1);
  RunSnapshot ra{"a", {{"t", SnapshotOf(a)}, {"only_a", SnapshotOf(a)}}};
  RunSnapshot rb{"b", {{"t", SnapshotOf(b)}}};
  const ParityReport report = CompareRuns(ra, rb);
  ASSERT_EQ(report.differences.size(), 2u) << report.ToString();
  EXPECT_EQ(report.differences[0].table, "only_a");
  EXPECT_THAT(report.differences[0].what, HasSubstr("only in [a]"));
  EXPECT_EQ(report.differences[1].table, "t");
  EXPECT_THAT(report.differences[1].what, HasSubstr("(x BIGINT)"));
  EXPECT_THAT(report.differences[1].what, HasSubstr("(x INTEGER)"));
}

TEST(GoldenDiff, ShowsFirstDifferingLinesInOrder) {
  const std::vector<std::string> expected = {"node", "A f.py:2:1-2:5", "A f.py:10:1-10:5", "B x"};
  const std::vector<std::string> actual = {"node", "A f.py:9:1-9:5", "A f.py:10:1-10:5", "B x",
                                           "B x"};
  const std::string diff = DiffGolden("nodes", expected, actual, 2);
  EXPECT_EQ(diff,
            "nodes.tsv: 1 line(s) expected but not produced (-), 2 produced but not expected (+); "
            "the first 2:\n"
            "  - A f.py:2:1-2:5\n"
            "  + A f.py:9:1-9:5\n");
  EXPECT_EQ(DiffGolden("nodes", expected, expected), "");
  EXPECT_TRUE(NaturalLess("a:9:1", "a:10:1"));
  EXPECT_FALSE(NaturalLess("a:10:1", "a:9:1"));
  EXPECT_TRUE(NaturalLess("a:01", "a:1"));
  EXPECT_FALSE(NaturalLess("a:1", "a:01"));
  EXPECT_TRUE(NaturalLess("ab", "abc"));
  EXPECT_EQ(EscapeTsv("a\tb\nc\\"), "a\\tb\\nc\\\\");
}

}  // namespace
}  // namespace codeanatomy::harness
