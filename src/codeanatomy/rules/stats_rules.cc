// How much of the code the rules resolved, as counts: the manifest's "resolution" section. One
// row per metric, so a new metric is one more union branch and no schema change.
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/kinds.h"

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
         .doc =
             "Resolution coverage, one row per metric: explicit call sites, decorator "
             "applications and implicit protocol sites, and how many have a CALLS target; name "
             "loads and how many are known to hold a definition, module, builtin, external name "
             "or class instance (every name has a REFERENCES binding; this counts what the "
             "binding holds); references whose binding class was "
             "checked against CPython's symbol table, and how many agree. With a SCIP index: "
             "occurrences, how many have no byte span (scip_occurrences_unmapped) or anchor to "
             "no graph node (scip_occurrences_unanchored); explicit call sites with a SCIP "
             "callee (scip_call_sites) and how the native CALLS winner compares: scip_agree "
             "(the winner is one of SCIP's callees), scip_disagree (it is not), scip_only (no "
             "native winner), native_only (a native winner in the repository, in a file the index "
             "covers, no SCIP callee); "
             "name loads with a SCIP reference (scip_name_refs_anchored), those whose SCIP "
             "symbol is defined on a native binding (scip_name_refs_comparable) and whether that "
             "is the binding the native rules chose (scip_name_refs_agree / _disagree).",
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
           // SCIP beside the native resolution.
           auto occurrences = b.Scan("norm_scip_occurrences");
           auto mapped = occurrences.Filter(IsNotNull(Col("bstart")));
           auto anchors = b.Scan("rel_scip_anchors");
           auto unanchored =
               mapped.Join(anchors, JoinType::kAnti, {{"occurrence_id", "occurrence_id"}}, {});
           auto scip_calls = b.Scan("rel_scip_calls");
           auto native = explicit_calls.Select({"site_node_id", "callee_id", "callee_kind"});
           auto agree = native.Join(scip_calls, JoinType::kSemi,
                                    {{"site_node_id", "call_id"}, {"callee_id", "callee_id"}}, {});
           auto with_scip =
               native.Join(scip_calls, JoinType::kSemi, {{"site_node_id", "call_id"}}, {});
           auto disagree =
               with_scip.Join(scip_calls, JoinType::kAnti,
                              {{"site_node_id", "call_id"}, {"callee_id", "callee_id"}}, {});
           auto scip_only =
               scip_calls.Join(native, JoinType::kAnti, {{"call_id", "site_node_id"}}, {});
           auto indexed = b.Scan("scip_documents").Select({"file_id"});
           auto native_only =
               explicit_calls.Filter(Col("callee_kind") == Lit("def"))
                   .Join(indexed, JoinType::kSemi, {{"file_id", "file_id"}}, {})
                   .Join(scip_calls, JoinType::kAnti, {{"site_node_id", "call_id"}}, {});
           // Name loads: the native binding vs the binding SCIP's definition occurrence binds.
           auto scip_refs =
               anchors
                   .Filter(!Col("is_definition") &&
                           Col("node_kind") ==
                               Lit(std::string(schema::Name(schema::NodeKind::kNameRef))))
                   .Select({"node_id", "symbol_id"});
           auto scip_loads = loads.Join(scip_refs, JoinType::kInner, {{"ref_id", "node_id"}},
                                        {{"ref_id", L("ref_id")}, {"symbol_id", R("symbol_id")}});
           // Comparable: the symbol is defined in the graph. Agree: that definition binds the
           // native binding, or is what the native binding holds (an imported name's definition).
           auto definitions = b.Scan("rel_scip_definitions");
           auto comparable =
               scip_loads
                   .JoinAppend(b.Scan("rel_name_ref_bindings"), JoinType::kInner,
                               {{"ref_id", "ref_id"}}, {{"binding_id", R("binding_id")}})
                   .Filter(IsNotNull(Col("binding_id")))
                   .Join(definitions, JoinType::kSemi, {{"symbol_id", "symbol_id"}}, {});
           auto same_binding =
               comparable.Join(definitions, JoinType::kSemi,
                               {{"symbol_id", "symbol_id"}, {"binding_id", "binding_id"}}, {});
           auto holds_definition =
               comparable
                   .Join(b.Scan("rel_binding_targets"), JoinType::kInner,
                         {{"binding_id", "binding_id"}},
                         {{"ref_id", L("ref_id")},
                          {"symbol_id", L("symbol_id")},
                          {"binding_id", L("binding_id")},
                          {"target_id", R("target_id")}})
                   .Join(definitions, JoinType::kSemi,
                         {{"symbol_id", "symbol_id"}, {"target_id", "def_node_id"}}, {})
                   .Select({"ref_id", "symbol_id", "binding_id"});
           auto name_agree = same_binding.UnionAll({holds_definition});
           auto name_disagree =
               comparable.Join(name_agree, JoinType::kAnti, {{"ref_id", "ref_id"}}, {});
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
                   CountOf(occurrences, "scip_occurrences"),
                   CountOf(occurrences.Filter(IsNull(Col("bstart"))), "scip_occurrences_unmapped"),
                   CountOf(unanchored, "scip_occurrences_unanchored"),
                   DistinctOf(scip_calls, "call_id", "scip_call_sites"),
                   DistinctOf(agree, "site_node_id", "scip_agree"),
                   DistinctOf(disagree, "site_node_id", "scip_disagree"),
                   DistinctOf(scip_only, "call_id", "scip_only"),
                   DistinctOf(native_only, "site_node_id", "native_only"),
                   DistinctOf(scip_loads, "ref_id", "scip_name_refs_anchored"),
                   DistinctOf(comparable, "ref_id", "scip_name_refs_comparable"),
                   DistinctOf(name_agree, "ref_id", "scip_name_refs_agree"),
                   DistinctOf(name_disagree, "ref_id", "scip_name_refs_disagree"),
               })
               .Build();
         }});
}

}  // namespace codeanatomy::rules
