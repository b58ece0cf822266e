#include "codeanatomy/orchestrate/inspect.h"

#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/plan/sql.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

Result<std::vector<AuditEntry>> AuditRules() {
  plan::MapCatalog catalog;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence)
      catalog.Add(std::string(def.name), def.ToSchema());
  }
  rules::RuleRegistry registry = rules::DefaultRules();
  CA_ASSIGN_OR_RETURN(std::vector<rules::BuiltRule> built, registry.BuildAll(catalog));
  std::vector<AuditEntry> out;
  auto lane_of = [](const plan::Plan& p, AuditEntry& e) {
    auto sql = plan::LowerToSql(p);
    e.lane = sql.ok() ? "engine" : "kernel";
    e.reason = sql.ok() ? "" : sql.status().message();
  };
  for (const auto& b : built) {
    for (const auto& o : b.Outputs()) catalog.Add(o, b.OutputSchema(o));
    AuditEntry e{b.rule.name, "rule", b.InputTables(), b.rule.output, "", "", "", b.rule.doc};
    for (const auto& def : schema::Tables().all()) {
      if (def.kind == schema::TableKind::kOutput &&
          b.rule.output == std::string(def.name) + "_raw") {
        e.contract = std::string(def.name);
      }
    }
    if (b.fixpoint) {
      // A fixpoint runs on the engine lane when every plan of every relation does.
      e.lane = "engine";
      for (const auto& r : b.fixpoint->relations()) {
        for (const auto* plans : {&r.base, &r.delta}) {
          for (const auto& p : *plans) {
            AuditEntry one = e;
            lane_of(p, one);
            if (one.lane != "engine" && e.lane == "engine") {
              e.lane = one.lane;
              e.reason = r.name + ": " + one.reason;
            }
          }
        }
      }
    } else {
      lane_of(b.plan, e);
    }
    out.push_back(std::move(e));
  }
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kOutput) continue;
    const std::string name(def.name);
    CA_ASSIGN_OR_RETURN(emit::FinalizePlans plans, emit::BuildFinalizePlans(catalog, def));
    struct Part {
      const char* suffix;
      const plan::Plan* plan;
      std::string output;
    };
    for (const Part& part : {Part{"errors", &plans.errors, name + "_errors"},
                             Part{"repeated_keys", &plans.repeated_keys, name + "_repeated_keys"},
                             Part{"unique", &plans.unique, name}, Part{"good", &plans.good, name},
                             Part{"key_collisions", &plans.collisions, name + "_key_collisions"}}) {
      AuditEntry e{"finalize:" + name + ":" + part.suffix,
                   "finalize",
                   part.plan->InputTables(),
                   part.output,
                   name,
                   "",
                   "",
                   "The finalize gate of the output contract."};
      lane_of(*part.plan, e);
      out.push_back(std::move(e));
    }
    catalog.Add(name, plans.good.schema());
  }
  return out;
}

struct OutputReader::Impl {
  std::unique_ptr<engine::Session> session;
};

OutputReader::OutputReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OutputReader::OutputReader(OutputReader&&) noexcept = default;
OutputReader::~OutputReader() = default;

Result<OutputReader> OutputReader::Open(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out / "manifest.json", ec)) {
    return Status::InvalidArgument(
        "'{}' is not a CodeAnatomy output directory (no manifest.json); run `codeanatomy build "
        "REPO "
        "-o {}` first",
        out.string(), out.string());
  }
  engine::RuntimeProfile profile;
  CA_ASSIGN_OR_RETURN(auto session, engine::Session::Open(profile));
  std::set<std::string> views;  // a name in several directories: the first one (OUT's own) wins
  for (const fs::path& dir : {out, out / "evidence", out / "derived"}) {
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".parquet") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      if (!views.insert(f.stem().string()).second) continue;
      CA_RETURN_IF_ERROR(session->CreateParquetView(f.stem().string(), f));
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->session = std::move(session);
  return OutputReader(std::move(impl));
}

Result<QueryResult> OutputReader::Query(const std::string& sql) {
  QueryResult result;
  CA_RETURN_IF_ERROR(impl_->session->QueryText(sql, &result.columns, &result.rows));
  return result;
}

Result<QueryResult> QueryOutput(const fs::path& out, const std::string& sql) {
  CA_ASSIGN_OR_RETURN(OutputReader reader, OutputReader::Open(out));
  return reader.Query(sql);
}

Result<std::string> ShowRule(const fs::path& out, const std::string& rule, ShowWhat what) {
  std::error_code ec;
  if (!fs::exists(out / "manifest.json", ec)) {
    return Status::InvalidArgument("'{}' is not a CodeAnatomy output directory (no manifest.json)",
                                   out.string());
  }
  CA_ASSIGN_OR_RETURN(std::string text, base::ReadFile(out / "manifest.json"));
  nlohmann::json manifest = nlohmann::json::parse(text, nullptr, false);
  if (manifest.is_discarded()) {
    return Status::InvalidArgument("{}/manifest.json is not valid JSON", out.string());
  }
  bool known = false;
  std::string names;
  for (const auto& r : manifest["rules"]) {
    known |= r["name"] == rule;
    names += (names.empty() ? "" : ", ") + r["name"].get<std::string>();
  }
  if (!known) return Status::NotFound("no rule named '{}' in this run; rules: {}", rule, names);
  switch (what) {
    case ShowWhat::kPlan:
      return base::ReadFile(out / "run_bundle" / "rules" / (rule + ".ir.txt"));
    case ShowWhat::kSql:
      return base::ReadFile(out / "run_bundle" / "rules" / (rule + ".sql"));
    case ShowWhat::kExplain: {
      std::string shown;
      for (const auto& e : manifest["executions"]) {
        if (e["rule"] != rule) continue;
        shown += fmt::format(
            "-- output {}: lane {}, {} rows, {:.1f} ms{}\n", e["output"].get<std::string>(),
            e["lane"].get<std::string>(), e["rows"].get<int64_t>(), e["elapsed_ms"].get<double>(),
            e["fallback"].is_null() ? ""
                                    : ", fallback: " + e["fallback"]["reason"].get<std::string>() +
                                          " (" + e["fallback"]["detail"].get<std::string>() + ")");
        shown += e["explain"].is_null()
                     ? "(no EXPLAIN captured: rebuild with --explain or --explain=analyze)\n"
                     : e["explain"].get<std::string>() + "\n";
      }
      if (shown.empty()) shown = "(the rule did not run in this build: see the manifest's tasks)\n";
      return shown;
    }
  }
  CA_UNREACHABLE("show what");
}

}  // namespace codeanatomy::orchestrate
