#include "codeanatomy/emit/manifest.h"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/emit/publish.h"
#include "codeanatomy/emit/run_bundle.h"
#include "codeanatomy/plan/sql.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::emit {

namespace fs = std::filesystem;
using nlohmann::json;

std::string RenderManifest(const Manifest& m) {
  json j;
  j["manifest_version"] = kManifestVersion;
  j["tool"] = {{"name", "codeanatomy"}, {"version", m.tool_version}, {"git_commit", m.tool_commit}};
  j["versions"] = m.versions;
  j["repo"] = {{"root", m.repo_root},
               {"git_head", m.repo_git_head ? json(*m.repo_git_head) : json(nullptr)},
               {"files", m.files}};
  json roots = json::array();
  for (const auto& r : m.import_roots)
    roots.push_back({{"dir", r.dir}, {"prefix", r.prefix}, {"source", r.source}});
  j["repo"]["import_roots"] = std::move(roots);
  j["profile"] = json::parse(m.profile.ToJson());

  json datasets = json::array();
  for (const auto& d : m.datasets) {
    datasets.push_back({{"name", d.name},
                        {"kind", d.kind},
                        {"rows", d.rows},
                        {"schema_fingerprint", d.schema_fingerprint}});
  }
  j["datasets"] = std::move(datasets);

  json catalog = json::array();
  for (const auto& t : m.catalog) {
    json cols = json::array();
    for (const auto& c : t.columns) cols.push_back({{"name", c.name}, {"type", c.type}});
    catalog.push_back({{"table", t.name}, {"rows", t.rows}, {"columns", std::move(cols)}});
  }
  j["catalog"] = std::move(catalog);

  json rules = json::array();
  for (const auto& r : m.rules) {
    rules.push_back({{"name", r.name},
                     {"output", r.output},
                     {"priority", r.priority},
                     {"inputs", r.inputs},
                     {"fingerprint", r.fingerprint},
                     {"sql", r.sql},
                     {"doc", r.doc},
                     {"also_writes", r.also_writes}});
  }
  j["rules"] = std::move(rules);

  json tasks = json::array();
  for (const auto& t : m.tasks) {
    tasks.push_back({{"name", t.name},
                     {"kind", t.kind},
                     {"ran", t.ran},
                     {"reason", t.reason},
                     {"inputs", t.inputs},
                     {"outputs", t.outputs}});
  }
  j["tasks"] = std::move(tasks);

  // Lineage: which rules fed each published output, following rule inputs back to evidence.
  json lineage = json::object();
  for (const auto& o : m.outputs) {
    std::vector<std::string> pending = {o.name + "_raw", o.name};
    std::set<std::string> seen, rules;
    while (!pending.empty()) {
      std::string d = pending.back();
      pending.pop_back();
      if (!seen.insert(d).second) continue;
      for (const auto& r : m.rules) {
        if (r.output != d &&
            std::find(r.also_writes.begin(), r.also_writes.end(), d) == r.also_writes.end()) {
          continue;
        }
        rules.insert(r.name);
        for (const auto& in : r.inputs) pending.push_back(in);
      }
    }
    lineage[o.name] = std::vector<std::string>(rules.begin(), rules.end());
  }
  j["lineage"] = std::move(lineage);

  json executions = json::array();
  for (const auto& e : m.executions) {
    json rec = {{"rule", e.rule},
                {"output", e.output},
                {"fingerprint", e.fingerprint},
                {"sql", e.sql},
                {"lane", e.lane},
                {"rows", e.rows},
                {"elapsed_ms", e.elapsed_ms},
                {"explain", e.explain ? json(*e.explain) : json(nullptr)},
                {"fallback",
                 e.fallback ? json{{"reason", e.fallback->reason}, {"detail", e.fallback->detail}}
                            : json(nullptr)}};
    executions.push_back(std::move(rec));
  }
  j["executions"] = std::move(executions);

  json fixpoints = json::array();
  for (const auto& f : m.fixpoints) {
    json rows = json::object(), saturated = json::object();
    for (const auto& [name, n] : f.rows) rows[name] = n;
    for (const auto& [name, n] : f.saturated_keys) saturated[name] = n;
    fixpoints.push_back({{"rule", f.rule},
                         {"rounds", f.rounds},
                         {"rows", std::move(rows)},
                         {"saturated_keys", std::move(saturated)},
                         {"elapsed_ms", f.elapsed_ms}});
  }
  j["fixpoints"] = std::move(fixpoints);

  json outputs = json::array();
  for (const auto& o : m.outputs) {
    outputs.push_back(
        {{"name", o.name}, {"file", o.file}, {"rows", o.rows}, {"error_rows", o.error_rows}});
  }
  j["outputs"] = std::move(outputs);

  json stages = json::array();
  for (const auto& s : m.stages) {
    stages.push_back({{"name", s.name}, {"wall_ms", s.wall_ms}, {"cpu_ms", s.cpu_ms}});
  }
  j["stages"] = std::move(stages);
  j["memory"] = {{"limit", m.memory.limit},
                 {"limit_bytes", m.memory.limit_bytes},
                 {"peak_rss_bytes", m.memory.peak_rss_bytes},
                 {"peak_worker_rss_bytes", m.memory.peak_worker_rss_bytes},
                 {"spilled_bytes", m.memory.spilled_bytes}};

  int64_t total = 0;
  for (const auto& [k, v] : m.diagnostics_by_severity) total += v;
  j["diagnostics"] = {{"total", total}, {"by_severity", m.diagnostics_by_severity}};
  j["resolution"] = m.resolution.empty() ? json(nullptr) : json(m.resolution);
  const ReuseEntry& r = m.reuse;
  j["reuse"] = {{"cache", r.cache},
                {"used", r.refused.empty()},
                {"refused", r.refused.empty() ? json(nullptr) : json(r.refused)},
                {"detail", r.detail},
                {"files_reused", r.files_reused},
                {"files_extracted", r.files_extracted},
                {"files_dropped", r.files_dropped},
                {"extracted", r.extracted},
                {"not_cached", r.not_cached}};
  j["output_files"] = m.published;
  return j.dump(2) + "\n";
}

std::string SchemaFingerprint(const base::Schema& schema) {
  const std::string text = schema.ToString();
  return fmt::format("{:016x}", XXH3_64bits(text.data(), text.size()));
}

RuleEntry DescribeRule(const plan::BuiltRule& b) {
  auto sql = b.fixpoint ? base::Result<std::string>(std::string()) : plan::LowerToSql(b.plan);
  std::vector<std::string> also = b.Outputs();
  also.erase(also.begin());
  return {b.rule.name,          b.rule.output, b.rule.priority, b.InputTables(), b.Fingerprint(),
          sql.ok() ? *sql : "", b.rule.doc,    b.Print(),       std::move(also)};
}

base::Result<std::vector<DatasetEntry>> DescribeDatasets(
    const std::vector<engine::CatalogTable>& catalog, const plan::Catalog& schemas,
    const std::vector<std::string>& outputs) {
  std::map<std::string, std::string> kind_of;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence) kind_of[std::string(def.name)] = "evidence";
  }
  for (const auto& o : outputs) kind_of[o] = "output";
  std::vector<DatasetEntry> datasets;
  for (const auto& t : catalog) {
    CA_ASSIGN_OR_RETURN(base::Schema s, schemas.TableSchema(t.name));
    auto it = kind_of.find(t.name);
    datasets.push_back(
        {t.name, it == kind_of.end() ? "derived" : it->second, t.rows, SchemaFingerprint(s)});
  }
  return datasets;
}

base::Status WriteManifest(const fs::path& dir, const std::string& config_json, Manifest& manifest,
                           const plan::Catalog& catalog) {
  manifest.published = TopLevelEntries(dir);
  for (const char* later : {"manifest.json", "run_bundle"}) manifest.published.emplace_back(later);
  std::sort(manifest.published.begin(), manifest.published.end());
  CA_RETURN_IF_ERROR(base::WriteFile(dir / "manifest.json", RenderManifest(manifest)));
  return WriteRunBundle(dir / "run_bundle", config_json, manifest, catalog);
}

}  // namespace codeanatomy::emit
