#include "codeanatomy/rules/rules.h"

#include "codeanatomy/normalize/normalize.h"

namespace codeanatomy::rules {

RuleRegistry DefaultRules(const RuleOptions& options) {
  RuleRegistry registry;
  RegisterDiagnosticsRules(registry);
  normalize::RegisterNormalizeRules(registry);
  RegisterStructureRules(registry);
  RegisterScopeRules(registry);
  RegisterImportRules(registry);
  RegisterCallRules(registry);
  RegisterCallCandidateRules(registry);
  RegisterValueFlowModelRules(registry);
  RegisterValueFlowFactRules(registry);
  RegisterValueFlowRules(registry);
  RegisterCallSiteRules(registry);
  RegisterValueFlowGraphRules(registry);
  RegisterCallgraphRules(registry);  // rel_def_names: taint models may name repository defs
  RegisterTaintRules(registry, options.user_taint_models);
  RegisterScipRules(registry);
  RegisterFlowRules(registry);
  RegisterEmissionRules(registry);
  RegisterCallgraphOutputRules(registry);
  RegisterOutputRules(registry);
  RegisterStatsRules(registry);
  return registry;
}

}  // namespace codeanatomy::rules
