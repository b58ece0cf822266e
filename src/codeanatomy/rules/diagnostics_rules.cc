// The published `diagnostics`: the union of every layer's diagnostics_<layer> table. A rule like
// any other, so whatever reads diagnostics has the layers that report problems as its ancestors.
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/diagnostics.h"

namespace codeanatomy::rules {

void RegisterDiagnosticsRules(RuleRegistry& registry) {
  registry.Add(
      {.name = "diagnostics",
       .output = "diagnostics",
       .priority = 0,
       .doc = "Every layer's diagnostics, one table: the union of the diagnostics_<layer> tables.",
       .build = [](const plan::Catalog& catalog,
                   const std::string& name) -> base::Result<plan::Plan> {
         std::vector<plan::PlanBuilder> parts;
         for (schema::Layer layer : schema::LayersWithDiagnostics()) {
           parts.push_back(
               plan::PlanBuilder(catalog, name).Scan(std::string(schema::DiagnosticsTable(layer))));
         }
         return parts.front()
             .UnionAll(std::vector<plan::PlanBuilder>(parts.begin() + 1, parts.end()))
             .Build();
       }});
}

}  // namespace codeanatomy::rules
