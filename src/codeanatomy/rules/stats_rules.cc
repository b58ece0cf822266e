// How much of the code the rules resolved, as counts: the manifest's "resolution" section. One
// row per metric, so a new metric is one more union branch and no schema change.
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using namespace plan;  // NOLINT: rules read as relational algebra

namespace {

//! One row: `metric` and the count of rows of `q`.
PlanBuilder CountOf(const PlanBuilder& q, const char* metric) {
  return q.Aggregate({}, {{"value", AggFunc::kCountStar, {}}})
      .Project({{"metric", Lit(metric)}, {"value", Col("value")}});
}

//! One row: `metric` and the count of distinct non-NULL `column` of `q`.
PlanBuilder DistinctOf(const PlanBuilder& q, const char* column, const char* metric) {
  return q.Aggregate({}, {{"value", AggFunc::kCountDistinct, Col(column)}})
      .Project({{"metric", Lit(metric)}, {"value", Col("value")}});
}

}  // namespace

void RegisterStatsRules(RuleRegistry& r) {
  r.Add({.name = "resolution_stats",
         .output = "rel_resolution_stats",
         .doc = "Resolution coverage, one row per metric: explicit call sites, decorator "
                "applications and implicit protocol sites, and how many have a CALLS target; name "
                "loads and how many have a REFERENCES target; references whose binding class was "
                "checked against CPython's symbol table, and how many agree.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto calls = b.Scan("rel_calls");
           auto explicit_calls = calls.Filter(Col("call_kind") == Lit("explicit"));
           auto decorator_calls = calls.Filter(Col("call_kind") == Lit("decorator"));
           auto protocol_calls = calls.Filter(Col("call_kind") != Lit("explicit") &&
                                              Col("call_kind") != Lit("decorator"));
           auto loads = b.Scan("cst_name_refs").Filter(Col("ctx") == Lit("load"));
           auto resolved_loads = loads.Join(b.Scan("rel_name_targets"), JoinType::kInner,
                                            {{"ref_id", "expr_id"}}, {{"ref_id", L("ref_id")}});
           auto checks = b.Scan("rel_symtable_checks");
           return CountOf(b.Scan("cst_callsites"), "call_sites")
               .UnionAll({
                   CountOf(b.Scan("cst_decorators"), "decorator_sites"),
                   DistinctOf(explicit_calls, "site_node_id", "call_sites_resolved"),
                   DistinctOf(decorator_calls, "site_node_id", "decorator_sites_resolved"),
                   CountOf(b.Scan("cst_protocol_sites"), "protocol_sites"),
                   DistinctOf(protocol_calls, "site_node_id", "protocol_sites_resolved"),
                   CountOf(loads, "name_loads"),
                   DistinctOf(resolved_loads, "ref_id", "name_loads_resolved"),
                   CountOf(checks, "symtable_checked"),
                   CountOf(checks.Filter(Col("agrees")), "symtable_agree"),
                   CountOf(checks.Filter(!Col("agrees")), "symtable_disagree"),
               })
               .Build();
         }});
}

}  // namespace codeanatomy::rules
