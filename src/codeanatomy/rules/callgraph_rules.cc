// The call graph as the dotted-name adjacency used by Python call-graph tools (PyCG's format):
// every module, function, method and lambda is a caller key; a call belongs to the nearest
// enclosing module, function or lambda of its scope (class bodies and comprehensions belong to
// what encloses them). Names: the module's dotted path relative to the analysed root
// (pkg/__init__.py is `pkg`) then the lexical path (`mod.Class.method`, `mod.f.<lambda1>`);
// builtins are `<builtin>.name`; external callees keep their import path (`requests.get`);
// constructor calls go to `Class.__init__`.
#include "codeanatomy/rules/emission.h"
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/kinds.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

//! The line and column of every call site, as the graph gives them (node_positions): CALL_SITE
//! nodes, and the ATTRIBUTE_REF of a property read (which calls the getter).
PlanBuilder SiteLines(const PlanBuilder& b) {
  return b.Scan("cpg_nodes_raw")
      .Filter(Col("node_kind") == KindName(schema::NodeKind::kCallSite) ||
              Col("node_kind") == KindName(schema::NodeKind::kAttributeRef))
      .Select({"node_id", "line", "col"});
}

}  // namespace

void RegisterCallgraphRules(RuleRegistry& r) {
  r.Add({.name = "def_names",
         .output = "rel_def_names",
         .doc = "The dotted name of every definition: module name, then its lexical path.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto modules = RootModuleNames(b);
           return b.Scan("cst_defs")
               .JoinAppend(modules, JoinType::kLeft, {{"file_id", "file_id"}},
                           {{"module_name", Coalesce({R("module_name"), Lit("")})}})
               .Project({{"def_id", Col("def_id")},
                         {"kind", Col("kind")},
                         {"full_name",
                          Case({Col("module_name") == Lit(""), Col("qualified_path")},
                               Concat({Col("module_name"), Lit("."), Col("qualified_path")}))}})
               .Build();
         }});
}

void RegisterCallgraphOutputRules(RuleRegistry& r) {
  r.Add({.name = "callgraph",
         .output = "callgraph",
         .doc = "The call graph by dotted name, one row per (call site, callee) of the winning "
                "CALLS edges, with the line and column of the site's node; a caller without "
                "callees has one row with NULL callee and site columns.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto modules = RootModuleNames(b);
           auto names = b.Scan("rel_def_names");
           // scope -> the name of its nearest module / function / lambda.
           auto owner_scope =
               b.Scan("rel_scope_owners")
                   .JoinAppend(b.Scan("cst_scopes"), JoinType::kInner,
                               {{"owner_scope_id", "scope_id"}},
                               {{"def_id", R("def_id")}, {"file_id", R("file_id")}})
                   .JoinAppend(names, JoinType::kLeft, {{"def_id", "def_id"}},
                               {{"def_name", R("full_name")}})
                   .JoinAppend(modules, JoinType::kLeft, {{"file_id", "file_id"}},
                               {{"module_name", R("module_name")}})
                   .Project({{"scope_id", Col("scope_id")},
                             {"owner", Coalesce({Col("def_name"), Col("module_name")})}})
                   .Filter(IsNotNull(Col("owner")));
           // Every call site's scope: explicit calls, decorators, protocol sites.
           auto site_scopes =
               b.Scan("cst_callsites")
                   .Project({{"site_node_id", Col("call_id")}, {"scope_id", Col("scope_id")}})
                   .UnionAll({b.Scan("cst_decorators")
                                  .Project({{"site_node_id", Col("decorator_id")},
                                            {"scope_id", Col("scope_id")}}),
                              b.Scan("cst_protocol_sites")
                                  .Project({{"site_node_id", Col("site_id")},
                                            {"scope_id", Col("scope_id")}}),
                              b.Scan("cst_attributes")
                                  .Filter(Col("ctx") == Lit("load"))
                                  .Project({{"site_node_id", Col("attr_id")},
                                            {"scope_id", Col("scope_id")}})});
           auto calls =
               b.Scan("rel_calls")
                   .JoinAppend(site_scopes, JoinType::kInner, {{"site_node_id", "site_node_id"}},
                               {{"scope_id", R("scope_id")}})
                   .JoinAppend(owner_scope, JoinType::kInner, {{"scope_id", "scope_id"}},
                               {{"caller", R("owner")}})
                   .JoinAppend(names, JoinType::kLeft, {{"callee_id", "def_id"}},
                               {{"def_name", R("full_name")}})
                   .JoinAppend(SiteLines(b), JoinType::kInner, {{"site_node_id", "node_id"}},
                               {{"line", R("line")}, {"col", R("col")}})
                   .Project(
                       {{"caller", Col("caller")},
                        {"callee", Case({Col("callee_kind") == Lit("builtin"),
                                         Concat({Lit("<builtin>."), Col("callee_name")}),
                                         Col("callee_kind") == Lit("external"), Col("callee_name")},
                                        Col("def_name"))},
                        {"path", Col("path")},
                        {"line", Col("line")},
                        {"col", Col("col")},
                        {"call_kind", Col("call_kind")},
                        {"callee_kind", Col("callee_kind")},
                        {"resolution_method", Col("method")},
                        {"score", Col("score")},
                        {"site_id", Col("site_node_id")}})
                   .Filter(IsNotNull(Col("callee")));
           auto keys = names.Filter(Col("kind") != Lit("class"))
                           .Project({{"caller", Col("full_name")}})
                           .UnionAll({modules.Project({{"caller", Col("module_name")}})})
                           .Distinct();
           auto lonely = keys.Join(calls, JoinType::kAnti, {{"caller", "caller"}}, {})
                             .Project({{"caller", Col("caller")},
                                       {"callee", Null(ColumnType::kString)},
                                       {"path", Null(ColumnType::kString)},
                                       {"line", Null(ColumnType::kInt64)},
                                       {"col", Null(ColumnType::kInt64)},
                                       {"call_kind", Null(ColumnType::kString)},
                                       {"callee_kind", Null(ColumnType::kString)},
                                       {"resolution_method", Null(ColumnType::kString)},
                                       {"score", Null(ColumnType::kDouble)},
                                       {"site_id", Null(ColumnType::kUInt64)}});
           return calls.UnionAll({lonely}).Build();
         }});
}

}  // namespace codeanatomy::rules
