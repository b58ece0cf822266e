#include "codeanatomy/orchestrate/audit.h"

#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/plan/sql.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::orchestrate {

using base::Result;

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
    catalog.Add(b.rule.output, b.plan.schema());
    AuditEntry e{b.rule.name, "rule", b.plan.InputTables(), b.rule.output, "", "", "", b.rule.doc};
    for (const auto& def : schema::Tables().all()) {
      if (def.kind == schema::TableKind::kOutput &&
          b.rule.output == std::string(def.name) + "_raw") {
        e.contract = std::string(def.name);
      }
    }
    lane_of(b.plan, e);
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

}  // namespace codeanatomy::orchestrate
