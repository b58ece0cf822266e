// codeanatomy/rules/rules.h
//
// The shipped rules: relationship (resolution) and emission rules, registered explicitly in
// dependency order after the normalize rules (normalize/).
#pragma once

#include <vector>

#include "codeanatomy/plan/rule.h"
#include "codeanatomy/rules/taint_models.h"

namespace codeanatomy::rules {

using plan::BuiltRule;
using plan::Rule;
using plan::RuleRegistry;

//! What a build adds to the shipped rules.
struct RuleOptions {
  //! The user's taint models (`build --model FILE`), after the shipped ones.
  std::vector<TaintModel> user_taint_models;
};

//! Every shipped rule, in dependency order.
RuleRegistry DefaultRules(const RuleOptions& options = {});

void RegisterDiagnosticsRules(RuleRegistry& registry);
void RegisterStructureRules(RuleRegistry& registry);
void RegisterScopeRules(RuleRegistry& registry);
void RegisterImportRules(RuleRegistry& registry);
void RegisterCallRules(RuleRegistry& registry);
void RegisterCallCandidateRules(RuleRegistry& registry);
void RegisterValueFlowModelRules(RuleRegistry& registry);
void RegisterValueFlowFactRules(RuleRegistry& registry);
void RegisterValueFlowRules(RuleRegistry& registry);
void RegisterCallSiteRules(RuleRegistry& registry);
void RegisterValueFlowGraphRules(RuleRegistry& registry);
//! Taint flows over the value flow (taint_rules.cc), ending in the taint_flows table.
void RegisterTaintRules(RuleRegistry& registry, std::vector<TaintModel> user_models);
void RegisterScipRules(RuleRegistry& registry);
//! The dotted names of definitions (rel_def_names).
void RegisterCallgraphRules(RuleRegistry& registry);
void RegisterFlowRules(RuleRegistry& registry);
void RegisterEmissionRules(RuleRegistry& registry);
//! The callgraph output: after emission, whose node positions it reads.
void RegisterCallgraphOutputRules(RuleRegistry& registry);
//! Small published tables beside the graph (class_mro).
void RegisterOutputRules(RuleRegistry& registry);
void RegisterStatsRules(RuleRegistry& registry);

}  // namespace codeanatomy::rules
