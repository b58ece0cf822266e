#include "codeanatomy/orchestrate/audit.h"

#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/orchestrate/pipeline.h"
#include "codeanatomy/plan/sql.h"

namespace codeanatomy::orchestrate {

using base::Result;

Result<std::vector<AuditEntry>> AuditRules() {
  CA_ASSIGN_OR_RETURN(Pipeline pipeline, DefinePipeline());
  plan::MapCatalog catalog = pipeline.evidence;
  const std::vector<rules::BuiltRule>& built = pipeline.rules;
  std::vector<AuditEntry> out;
  auto lane_of = [](const plan::Plan& p, AuditEntry& e) {
    auto sql = plan::LowerToSql(p);
    e.lane = sql.ok() ? "engine" : "kernel";
    e.reason = sql.ok() ? "" : sql.status().message();
  };
  for (const auto& b : built) {
    for (const auto& o : b.Outputs()) catalog.Add(o, b.OutputSchema(o));
    AuditEntry e{b.rule.name, "rule", b.InputTables(), b.rule.output, "", "", "", b.rule.doc};
    for (const schema::TableDef* contract : pipeline.contracts) {
      if (b.rule.output == std::string(contract->name) + "_raw") e.contract = contract->name;
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
  for (const schema::TableDef* contract : pipeline.contracts) {
    const std::string name(contract->name);
    CA_ASSIGN_OR_RETURN(emit::FinalizePlans plans, emit::BuildFinalizePlans(catalog, *contract));
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
