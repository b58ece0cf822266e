#include "codeanatomy/rules/rules.h"

#include "codeanatomy/normalize/normalize.h"

namespace codeanatomy::rules {

RuleRegistry DefaultRules() {
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
  RegisterTaintRules(registry);
  RegisterScipRules(registry);
  RegisterCallgraphRules(registry);
  RegisterFlowRules(registry);
  RegisterEmissionRules(registry);
  RegisterCallgraphOutputRules(registry);
  RegisterOutputRules(registry);
  RegisterStatsRules(registry);
  return registry;
}

}  // namespace codeanatomy::rules
