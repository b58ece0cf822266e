#include "codeanatomy/orchestrate/build.h"

#include <algorithm>

#include <fmt/core.h>
#include <xxhash.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/emit/manifest.h"
#include "codeanatomy/emit/publish.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/rules/rule.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/source/repo_scan.h"
#include "codeanatomy/version.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

//! The outputs published into OUT, in order: contract tables go through the finalize gate.
constexpr std::string_view kGraphOutputs[] = {"cpg_nodes", "cpg_edges", "cpg_props"};

std::string SchemaFingerprint(const base::Schema& schema) {
  const std::string text = schema.ToString();
  return fmt::format("{:016x}", XXH3_64bits(text.data(), text.size()));
}

//! Times stages for the manifest.
class StageClock {
 public:
  void Start(std::string name) {
    name_ = std::move(name);
    watch_.Restart();
  }
  void Stop() { stages_.push_back({name_, watch_.ElapsedMillis(), watch_.CpuSeconds() * 1000.0}); }
  std::vector<emit::StageEntry> stages() const { return stages_; }

 private:
  std::string name_;
  base::Stopwatch watch_;
  std::vector<emit::StageEntry> stages_;
};

//! Counts rows of `table` per distinct value of `column`, through a plan.
Result<std::map<std::string, int64_t>> CountBy(engine::Adapter& adapter,
                                               const plan::Catalog& catalog,
                                               const std::string& table,
                                               const std::string& column) {
  using namespace plan;  // NOLINT
  CA_ASSIGN_OR_RETURN(Plan p,
                      PlanBuilder(catalog, "summary:" + table)
                          .Scan(table)
                          .Aggregate({{"key", Col(column)}}, {{"n", AggFunc::kCountStar, {}}})
                          .Build());
  std::map<std::string, int64_t> out;
  CA_RETURN_IF_ERROR(adapter.Stream(
      p, {"summary:" + table, table + "_by_" + column}, [&](const base::Table& chunk) {
        for (size_t r = 0; r < chunk.num_rows(); ++r) {
          out[std::string(chunk.column(0).GetString(r))] = chunk.column(1).GetInt64(r);
        }
        return Status::Ok();
      }));
  return out;
}

}  // namespace

Result<BuildSummary> RunBuild(const BuildOptions& options) {
  base::Stopwatch total;
  StageClock clock;
  const engine::RuntimeProfile& profile = options.profile;

  // Validate the inputs before doing any work: a bad path is one clear line, no partial output.
  source::ScanOptions scan_options;
  scan_options.root = options.repo;
  scan_options.max_file_bytes = options.max_file_bytes;
  scan_options.threads = profile.threads;
  {
    std::error_code ec;
    if (!fs::exists(options.repo, ec)) {
      return Status::InvalidArgument(
          "repository path '{}' does not exist; pass the root directory of a Python project",
          options.repo.string());
    }
    if (!fs::is_directory(options.repo, ec)) {
      return Status::InvalidArgument(
          "repository path '{}' is not a directory; pass the root directory of a Python project",
          options.repo.string());
    }
  }
  CA_ASSIGN_OR_RETURN(emit::OutputStaging staging, emit::OutputStaging::Create(options.out));

  CA_ASSIGN_OR_RETURN(auto session, engine::Session::Open(profile));
  engine::Adapter adapter(*session);

  clock.Start("scan");
  CA_ASSIGN_OR_RETURN(source::ScanResult scan, source::ScanRepository(scan_options));
  clock.Stop();

  clock.Start("extract_cst");
  extract::cst::CstTables cst;
  if (options.LayerEnabled("cst")) {
    CA_ASSIGN_OR_RETURN(cst, extract::cst::ExtractFiles(scan.files, profile.threads));
  }
  clock.Stop();

  clock.Start("load_evidence");
  plan::MapCatalog catalog;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kEvidence) continue;
    CA_RETURN_IF_ERROR(session->CreateTable(def));
    catalog.Add(std::string(def.name), def.ToSchema());
  }
  CA_RETURN_IF_ERROR(session->Append("repo_files", scan.repo_files));
  CA_RETURN_IF_ERROR(session->Append("diagnostics", scan.diagnostics));
  for (const auto& [name, table] : cst.Evidence()) {
    CA_RETURN_IF_ERROR(session->Append(name, *table));
  }
  CA_RETURN_IF_ERROR(session->Append("diagnostics", cst.diagnostics));
  const int64_t file_count = static_cast<int64_t>(scan.files.size());
  scan = {};
  cst = {};
  clock.Stop();

  clock.Start("rules");
  rules::RuleRegistry registry = rules::DefaultRules();
  CA_ASSIGN_OR_RETURN(std::vector<rules::BuiltRule> built, registry.BuildAll(catalog));
  std::vector<emit::RuleEntry> rule_entries;
  for (const auto& b : built) {
    CA_RETURN_IF_ERROR(adapter.Materialize(b.plan, {b.rule->name, b.rule->output}).status());
    catalog.Add(b.rule->output, b.plan.schema());
    rule_entries.push_back({b.rule->name, b.rule->output, b.rule->priority, b.plan.InputTables(),
                            b.plan.Fingerprint(), adapter.records().back().sql, b.rule->doc});
  }
  clock.Stop();

  clock.Start("finalize");
  std::vector<emit::OutputEntry> outputs;
  for (auto name : kGraphOutputs) {
    CA_ASSIGN_OR_RETURN(emit::FinalizeResult fin,
                        emit::Finalize(adapter, catalog, schema::GetTable(name)));
    outputs.push_back(
        {std::string(name), std::string(name) + ".parquet", fin.rows, fin.error_rows});
  }
  clock.Stop();

  clock.Start("write");
  auto sort_of = [&](std::string_view table) {
    std::vector<std::string> order;
    if (profile.determinism == engine::Determinism::kCanonical) {
      for (auto c : schema::GetTable(table).sort) order.emplace_back(c);
    }
    return order;
  };
  for (auto name : kGraphOutputs) {
    const std::string n(name);
    CA_RETURN_IF_ERROR(session->CopyToParquet(n, staging.dir() / (n + ".parquet"), sort_of(name)));
    // Error rows: the contract's sort, then the reason.
    auto err_order = sort_of(name);
    if (!err_order.empty()) err_order.push_back("error");
    CA_RETURN_IF_ERROR(
        session->CopyToParquet(n + "_errors", staging.dir() / (n + "_errors.parquet"), err_order));
  }
  CA_ASSIGN_OR_RETURN(int64_t diagnostic_rows, session->RowCount("diagnostics"));
  CA_RETURN_IF_ERROR(session->CopyToParquet("diagnostics", staging.dir() / "diagnostics.parquet",
                                            sort_of("diagnostics")));
  outputs.push_back({"diagnostics", "diagnostics.parquet", diagnostic_rows, 0});
  if (options.emit_evidence) {
    std::error_code ec;
    fs::create_directories(staging.dir() / "evidence", ec);
    if (ec)
      return Status::IoError("cannot create {}: {}", (staging.dir() / "evidence").string(),
                             ec.message());
    for (const auto& def : schema::Tables().all()) {
      if (def.kind != schema::TableKind::kEvidence || def.name == "diagnostics") continue;
      const std::string n(def.name);
      CA_RETURN_IF_ERROR(
          session->CopyToParquet(n, staging.dir() / "evidence" / (n + ".parquet"), sort_of(n)));
    }
  }
  clock.Stop();

  BuildSummary summary;
  summary.files = file_count;
  CA_ASSIGN_OR_RETURN(summary.nodes_by_kind, CountBy(adapter, catalog, "cpg_nodes", "node_kind"));
  CA_ASSIGN_OR_RETURN(summary.edges_by_kind, CountBy(adapter, catalog, "cpg_edges", "edge_kind"));
  CA_ASSIGN_OR_RETURN(summary.diagnostics_by_severity,
                      CountBy(adapter, catalog, "diagnostics", "severity"));

  emit::Manifest manifest;
  manifest.tool_version = CA_VERSION;
  manifest.tool_commit = CA_GIT_COMMIT;
  manifest.versions = {{"duckdb", session->duckdb_version()},
                       {"tree_sitter_python", CA_TREE_SITTER_PYTHON_VERSION}};
  manifest.repo_root = fs::absolute(options.repo).lexically_normal().string();
  manifest.profile = profile;
  manifest.files = file_count;
  CA_ASSIGN_OR_RETURN(manifest.catalog, session->Snapshot());
  for (const auto& t : manifest.catalog) {
    const schema::TableDef* def = schema::Tables().Find(t.name);
    std::string kind = def && def->kind == schema::TableKind::kEvidence ? "evidence" : "derived";
    for (auto o : kGraphOutputs) {
      if (t.name == o) kind = "output";
    }
    CA_ASSIGN_OR_RETURN(base::Schema s, catalog.TableSchema(t.name));
    manifest.datasets.push_back({t.name, kind, t.rows, SchemaFingerprint(s)});
  }
  manifest.rules = std::move(rule_entries);
  manifest.executions = adapter.records();
  manifest.outputs = outputs;
  manifest.stages = clock.stages();
  manifest.diagnostics_by_severity = summary.diagnostics_by_severity;
  CA_RETURN_IF_ERROR(
      base::WriteFile(staging.dir() / "manifest.json", emit::RenderManifest(manifest)));

  CA_RETURN_IF_ERROR(staging.Publish());

  std::vector<std::pair<std::string, double>> timings;
  for (const auto& r : adapter.records()) timings.emplace_back(r.rule, r.elapsed_ms);
  std::sort(timings.begin(), timings.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (timings.size() > 5) timings.resize(5);
  summary.slowest_rules = std::move(timings);
  summary.out = staging.out();
  summary.elapsed_seconds = total.ElapsedSeconds();
  return summary;
}

}  // namespace codeanatomy::orchestrate
