// Call sites to callees. Explicit calls resolve their callee expression (call_rules.cc targets);
// super().m() looks m up after the class in its MRO; decorators are calls of the decorator on the
// decorated definition; `with` and `for` over an instance of a known class call its protocol
// methods (__enter__/__exit__, __iter__/__next__ and the async forms). A class called is a
// constructor call of its __init__ (own or inherited) and an instantiation of the class.
//
// Every (call site, callee) candidate keeps a score; winner-select per call site (score desc, then
// callee kind and id) decides the CALLS edge; the other candidates are CALL_CANDIDATE edges in the
// same ambiguity group.
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

//! How much a resolution path is trusted.
Expr ScoreOf(const Expr& via) {
  return Case({via == Lit("own") || via == Lit("import") || via == Lit("builtin"), Lit(1.0),
               via == Lit("reexport") || via == Lit("attribute"), Lit(0.95),
               via == Lit("receiver") || via == Lit("constructor") || via == Lit("super") ||
                   via == Lit("instance_attribute") || via == Lit("protocol"),
               Lit(0.9),  //
               via == Lit("star"), Lit(0.85)},
              Lit(0.8));
}

//! The function-like definitions (what can be called directly).
PlanBuilder Functions(const PlanBuilder& b) {
  return b.Scan("cst_defs").Filter(Col("kind") != Lit("class")).Select({"def_id"});
}
PlanBuilder Classes(const PlanBuilder& b) {
  return b.Scan("cst_defs").Filter(Col("kind") == Lit("class")).Select({"def_id"});
}

//! `p` (call_id, file_id, path, bstart, bend, call_kind, target_kind, target_id, target_name, via)
//! -> candidate callees: functions directly, classes through their __init__, instances through
//! __call__, builtins and external names as they are.
PlanBuilder Callees(const PlanBuilder& b, const PlanBuilder& p) {
  auto init = b.Scan("rel_mro_members").Filter(Col("lookup") == Lit("mro"));
  auto out = [](const PlanBuilder& q, Expr kind, Expr id, Expr name, Expr method) {
    return q.Project({{"call_id", Col("call_id")},
                      {"site_node_id", Col("site_node_id")},
                      {"file_id", Col("file_id")},
                      {"path", Col("path")},
                      {"bstart", Col("bstart")},
                      {"bend", Col("bend")},
                      {"call_kind", Col("call_kind")},
                      {"callee_kind", std::move(kind)},
                      {"callee_id", std::move(id)},
                      {"callee_name", std::move(name)},
                      {"method", std::move(method)},
                      {"score", ScoreOf(Col("via"))}});
  };
  auto none = Null(ColumnType::kString);
  auto defs = p.Filter(Col("target_kind") == Lit("def"));
  auto functions =
      out(defs.Join(Functions(b), JoinType::kSemi, {{"target_id", "def_id"}}, {}), Lit("def"),
          Col("target_id"), none,
          Case({Col("call_kind") == Lit("explicit"), Lit("direct")}, Col("call_kind")));
  auto constructors =
      defs.Join(Classes(b), JoinType::kSemi, {{"target_id", "def_id"}}, {})
          .JoinAppend(
              init.Filter(Col("name") == Lit("__init__") && Col("target_kind") == Lit("def")),
              JoinType::kInner, {{"target_id", "class_id"}}, {{"init_id", R("target_id")}})
          .Extend({{"via2", Lit("constructor")}});
  auto ctor = out(
      constructors.Project({{"call_id", Col("call_id")},
                            {"site_node_id", Col("site_node_id")},
                            {"file_id", Col("file_id")},
                            {"path", Col("path")},
                            {"bstart", Col("bstart")},
                            {"bend", Col("bend")},
                            {"call_kind", Col("call_kind")},
                            {"init_id", Col("init_id")},
                            {"via", Case({Col("via") == Lit("own") || Col("via") == Lit("import"),
                                          Lit("constructor")},
                                         Col("via"))}}),
      Lit("def"), Col("init_id"), none, Lit("constructor"));
  auto instances =
      p.Filter(Col("target_kind") == Lit("instance"))
          .JoinAppend(
              init.Filter(Col("name") == Lit("__call__") && Col("target_kind") == Lit("def")),
              JoinType::kInner, {{"target_id", "class_id"}}, {{"call_method_id", R("target_id")}});
  auto called_instances =
      out(instances, Lit("def"), Col("call_method_id"), none, Lit("instance_call"));
  auto builtins = out(p.Filter(Col("target_kind") == Lit("builtin")), Lit("builtin"),
                      Col("target_id"), Col("target_name"), Lit("builtin"));
  auto externals = out(p.Filter(Col("target_kind") == Lit("external_symbol") ||
                                Col("target_kind") == Lit("external_module")),
                       Lit("external"), Col("target_id"), Col("target_name"), Lit("external"));
  return functions.UnionAll({ctor, called_instances, builtins, externals});
}

PlanBuilder SiteTargets(const PlanBuilder& sites, const PlanBuilder& targets,
                        const std::string& key, const char* call_kind) {
  return sites.Join(targets, JoinType::kInner, {{key, "expr_id"}},
                    {{"call_id", L("call_id")},
                     {"site_node_id", L("call_id")},
                     {"file_id", L("file_id")},
                     {"path", L("path")},
                     {"bstart", L("bstart")},
                     {"bend", L("bend")},
                     {"call_kind", Lit(call_kind)},
                     {"target_kind", R("target_kind")},
                     {"target_id", R("target_id")},
                     {"target_name", R("target_name")},
                     {"via", R("via")}});
}

}  // namespace

void RegisterCallCandidateRules(RuleRegistry& r) {
  r.Add(
      {.name = "call_candidates",
       .output = "rel_call_candidates",
       .doc = "Every candidate callee of every call site, explicit (`f()`, `obj.m()`, "
              "`super().m()`) or implicit (decorator application; __enter__/__exit__ of `with`, "
              "__iter__/__next__ of `for` and comprehensions, async forms), with how it was found "
              "(method) and a score.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto targets = b.Scan("rel_name_targets").UnionAll({b.Scan("rel_attr_targets")});
         // Explicit calls: the callee expression's targets.
         auto calls = b.Scan("cst_callsites")
                          .Extend({{"callee_expr",
                                    Coalesce({Col("callee_ref_id"), Col("callee_attr_id")})}});
         auto explicit_sites = SiteTargets(calls.Filter(IsNotNull(Col("callee_expr"))), targets,
                                           "callee_expr", "explicit");
         // super().m(): m after the method's class in its MRO.
         auto supers =
             calls
                 .JoinAppend(b.Scan("rel_attr_links"), JoinType::kInner,
                             {{"callee_attr_id", "attr_id"}},
                             {{"receiver_shape", R("receiver_shape")}})
                 .Filter(Col("receiver_shape") == Lit("CALL") &&
                         Call(Func::kStartsWith, {Col("receiver_text"), Lit("super(")}))
                 .JoinAppend(b.Scan("cst_defs").Filter(Col("is_method")), JoinType::kInner,
                             {{"scope_id", "body_scope_id"}}, {{"method_scope", R("scope_id")}})
                 .JoinAppend(b.Scan("cst_defs").Filter(Col("kind") == Lit("class")),
                             JoinType::kInner, {{"method_scope", "body_scope_id"}},
                             {{"class_id", R("def_id")}})
                 .Join(b.Scan("rel_mro_members").Filter(Col("lookup") == Lit("super")),
                       JoinType::kInner, {{"class_id", "class_id"}, {"callee_name", "name"}},
                       {{"call_id", L("call_id")},
                        {"site_node_id", L("call_id")},
                        {"file_id", L("file_id")},
                        {"path", L("path")},
                        {"bstart", L("bstart")},
                        {"bend", L("bend")},
                        {"call_kind", Lit("explicit")},
                        {"target_kind", R("target_kind")},
                        {"target_id", R("target_id")},
                        {"target_name", R("target_name")},
                        {"via", Lit("super")}});
         // Decorators: the decorator expression (a name or an attribute chain) is called.
         auto decorators = b.Scan("cst_decorators")
                               .Project({{"call_id", Col("decorator_id")},
                                         {"file_id", Col("file_id")},
                                         {"path", Col("path")},
                                         {"bstart", Col("bstart")},
                                         {"bend", Col("bend")},
                                         {"shape", Col("shape")}});
         auto by_name = decorators.Filter(Col("shape") == Lit("NAME"))
                            .JoinAppend(b.Scan("cst_name_refs"), JoinType::kInner,
                                        {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                                        {{"expr", R("ref_id")}});
         auto by_attr = decorators.Filter(Col("shape") == Lit("ATTRIBUTE"))
                            .JoinAppend(b.Scan("cst_attributes"), JoinType::kInner,
                                        {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                                        {{"expr", R("attr_id")}});
         auto decorated = SiteTargets(by_name.UnionAll({by_attr}), targets, "expr", "decorator");
         // Protocol sites over an instance of a class of the repository.
         auto sites = b.Scan("cst_protocol_sites");
         auto constructed =
             sites.Filter(IsNotNull(Col("expr_call_id")))
                 .JoinAppend(b.Scan("cst_callsites"), JoinType::kInner,
                             {{"expr_call_id", "call_id"}},
                             {{"callee", Coalesce({R("callee_ref_id"), R("callee_attr_id")})}})
                 .JoinAppend(targets.Filter(Col("target_kind") == Lit("def")), JoinType::kInner,
                             {{"callee", "expr_id"}}, {{"class_id", R("target_id")}})
                 .Join(Classes(b), JoinType::kSemi, {{"class_id", "def_id"}}, {});
         auto named = sites.Filter(IsNotNull(Col("expr_ref_id")))
                          .JoinAppend(targets.Filter(Col("target_kind") == Lit("instance")),
                                      JoinType::kInner, {{"expr_ref_id", "expr_id"}},
                                      {{"class_id", R("target_id")}});
         auto protocol_methods = b.Values(
             base::Schema({{"site_kind", ColumnType::kString, false},
                           {"method", ColumnType::kString, false}}),
             {{base::Value::String("with"), base::Value::String("__enter__")},
              {base::Value::String("with"), base::Value::String("__exit__")},
              {base::Value::String("async_with"), base::Value::String("__aenter__")},
              {base::Value::String("async_with"), base::Value::String("__aexit__")},
              {base::Value::String("for"), base::Value::String("__iter__")},
              {base::Value::String("for"), base::Value::String("__next__")},
              {base::Value::String("comprehension_for"), base::Value::String("__iter__")},
              {base::Value::String("comprehension_for"), base::Value::String("__next__")},
              {base::Value::String("async_for"), base::Value::String("__aiter__")},
              {base::Value::String("async_for"), base::Value::String("__anext__")},
              {base::Value::String("async_comprehension_for"), base::Value::String("__aiter__")},
              {base::Value::String("async_comprehension_for"), base::Value::String("__anext__")}});
         const std::vector<std::string> site_cols = {"site_id",     "file_id",   "path",    "kind",
                                                     "expr_bstart", "expr_bend", "class_id"};
         auto protocol =
             constructed.Select(site_cols)
                 .UnionAll({named.Select(site_cols)})
                 .JoinAppend(protocol_methods, JoinType::kInner, {{"kind", "site_kind"}},
                             {{"method", R("method")}})
                 .Join(b.Scan("rel_mro_members").Filter(Col("lookup") == Lit("mro")),
                       JoinType::kInner, {{"class_id", "class_id"}, {"method", "name"}},
                       {{"call_id", StableIdOf({Lit("implicit_call"), L("site_id"), L("method")})},
                        {"site_node_id", L("site_id")},
                        {"file_id", L("file_id")},
                        {"path", L("path")},
                        {"bstart", L("expr_bstart")},
                        {"bend", L("expr_bend")},
                        {"call_kind", Concat({L("kind"), Lit(":"), L("method")})},
                        {"target_kind", R("target_kind")},
                        {"target_id", R("target_id")},
                        {"target_name", R("target_name")},
                        {"via", Lit("protocol")}});
         // CPython's symbol table cross-checks how the callee's name was bound: a candidate found
         // through a binding CPython classifies differently loses half its score.
         auto disagreements =
             b.Scan("cst_callsites")
                 .Filter(IsNotNull(Col("callee_ref_id")))
                 .Join(b.Scan("rel_symtable_checks").Filter(!Col("agrees")), JoinType::kInner,
                       {{"callee_ref_id", "ref_id"}}, {{"call_id", L("call_id")}})
                 .Distinct();
         // One candidate per (call site, callee): the best-scored way it was found.
         return Callees(b, explicit_sites.UnionAll({supers, decorated, protocol}))
             .JoinAppend(disagreements, JoinType::kLeft, {{"call_id", "call_id"}},
                         {{"symtable_disagrees", IsNotNull(R("call_id"))}})
             .Extend({{"checked_score",
                       Case({Col("symtable_disagrees"), Col("score") * Lit(0.5)}, Col("score"))}})
             .Project({{"call_id", Col("call_id")},
                       {"site_node_id", Col("site_node_id")},
                       {"file_id", Col("file_id")},
                       {"path", Col("path")},
                       {"bstart", Col("bstart")},
                       {"bend", Col("bend")},
                       {"call_kind", Col("call_kind")},
                       {"callee_kind", Col("callee_kind")},
                       {"callee_id", Col("callee_id")},
                       {"callee_name", Col("callee_name")},
                       {"method", Col("method")},
                       {"score", Col("checked_score")}})
             .WinnerSelect({Col("call_id"), Col("callee_id")},
                           {Desc(Col("score")), Asc(Col("method")), Asc(Col("callee_kind"))})
             .Build();
       }});
}

void RegisterCallSiteRules(RuleRegistry& r) {
  r.Add(
      {.name = "calls",
       .output = "rel_calls",
       .doc = "The callees of every call site: every callee the value flow finds "
              "(rel_vf_calls: a call through a variable may reach several functions), else the "
              "static winner: highest score, then callee kind, then callee id (a total order, "
              "so the choice is deterministic). candidates counts the distinct callees either "
              "way found; ambiguity_group_id is set when there were several.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto statics = b.Scan("rel_call_candidates");
         auto flows = b.Scan("rel_vf_calls");
         auto counts = statics.Select({"call_id", "callee_id"})
                           .UnionAll({flows.Select({"call_id", "callee_id"})})
                           .Aggregate({{"call_id", Col("call_id")}},
                                      {{"candidates", AggFunc::kCountDistinct, Col("callee_id")}});
         auto winners =
             statics
                 .WinnerSelect({Col("call_id")},
                               {Desc(Col("score")), Asc(Col("callee_kind")), Asc(Col("callee_id"))})
                 .Join(flows, JoinType::kAnti, {{"call_id", "call_id"}}, {});
         return winners.UnionAll({flows})
             .JoinAppend(counts, JoinType::kInner, {{"call_id", "call_id"}},
                         {{"candidates", R("candidates")}})
             .Extend({{"ambiguity_group_id", Case({Col("candidates") > Lit(int64_t{1}),
                                                   StableIdOf({Lit("call_group"), Col("call_id")})},
                                                  Null(ColumnType::kUInt64))}})
             .Build();
       }});

  r.Add({.name = "call_alternatives",
         .output = "rel_call_alternatives",
         .doc = "The candidates that lost the winner-select of their call site.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto groups = b.Scan("rel_calls").Select({"call_id", "ambiguity_group_id"}).Distinct();
           return b.Scan("rel_call_candidates")
               .Join(b.Scan("rel_calls"), JoinType::kAnti,
                     {{"call_id", "call_id"}, {"callee_id", "callee_id"}}, {})
               .JoinAppend(groups, JoinType::kInner, {{"call_id", "call_id"}},
                           {{"ambiguity_group_id", R("ambiguity_group_id")}})
               .Build();
         }});

  r.Add({.name = "instantiations",
         .output = "rel_instantiations",
         .doc = "Explicit calls of a class of the repository: an instance is created.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto targets = b.Scan("rel_name_targets").UnionAll({b.Scan("rel_attr_targets")});
           return b.Scan("cst_callsites")
               .Extend({{"callee_expr", Coalesce({Col("callee_ref_id"), Col("callee_attr_id")})}})
               .Join(targets.Filter(Col("target_kind") == Lit("def")), JoinType::kInner,
                     {{"callee_expr", "expr_id"}},
                     {{"call_id", L("call_id")},
                      {"file_id", L("file_id")},
                      {"path", L("path")},
                      {"bstart", L("bstart")},
                      {"bend", L("bend")},
                      {"class_id", R("target_id")}})
               .Join(Classes(b), JoinType::kSemi, {{"class_id", "def_id"}}, {})
               .Distinct()
               .Build();
         }});
}

}  // namespace codeanatomy::rules
