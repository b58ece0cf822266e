// The value flow in the graph: arguments and what they pass to, returns and where they return to,
// the flow steps between nodes and what variables point to. The rules here (rel_vf_passes,
// rel_vf_returns_to) are for the graph and for whoever asks; the row builders feed emit_nodes,
// emit_edges and emit_props (emission_rules.cc).
#include "codeanatomy/rules/emission.h"
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/rules/value_flow.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT
using schema::EdgeKind;
using schema::NodeKind;
using schema::PropKey;

namespace {

//! Literals that are values in their own right: arguments, returned values, parameter defaults
//! and assigned values (the other literals are parts of bigger expressions).
PlanBuilder ValueLiterals(const PlanBuilder& b) {
  auto used = b.Scan("cst_arguments")
                  .Select({"expr_id"})
                  .UnionAll({b.Scan("cst_returns")
                                 .Filter(IsNotNull(Col("expr_id")))
                                 .Project({{"expr_id", Col("expr_id")}}),
                             b.Scan("cst_params")
                                 .Filter(IsNotNull(Col("default_expr_id")))
                                 .Project({{"expr_id", Col("default_expr_id")}}),
                             b.Scan("cst_targets")
                                 .Filter(IsNotNull(Col("source_id")))
                                 .Project({{"expr_id", Col("source_id")}})})
                  .Distinct();
  return b.Scan("cst_exprs")
      .Filter(Col("kind") == Lit("literal"))
      .Join(used, JoinType::kSemi, {{"expr_id", "expr_id"}}, {});
}

//! The value-flow invocations (rel_vf_invokes) of explicit calls and decorator applications: the
//! call (its node), the function, and the shift of its parameters (1 when `self` or `cls` is
//! bound).
PlanBuilder CallInvocations(const PlanBuilder& b) {
  auto sites = b.Scan("cst_callsites")
                   .Project({{"site", Col("call_id")}})
                   .UnionAll({b.Scan("cst_decorators").Project({{"site", Col("decorator_id")}})});
  return b.Scan("rel_vf_invokes")
      .Join(sites, JoinType::kSemi, {{"site", "site"}}, {})
      .Select({"site", "def_id", "shift", "returns"})
      .Distinct();
}

}  // namespace

void RegisterValueFlowGraphRules(RuleRegistry& r) {
  r.Add(
      {.name = "vf_passes",
       .output = "rel_vf_passes",
       .doc =
           "Each argument of an explicit call into the parameter it binds, for each callee "
           "the value flow found (rel_vf_invokes): positional arguments by position (shifted past "
           "`self` / `cls` when bound), the surplus into `*args`; keyword arguments by name, "
           "the unmatched into `**kwargs`. `*` and `**` arguments and positional arguments "
           "after a `*` are not matched (their parameters are not known from the syntax).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto params = b.Scan("rel_vf_params");
         auto shape = params.Aggregate({{"def_id", Col("def_id")}},
                                       {{"n_positional", AggFunc::kMax, Col("pos")}});
         auto args = b.Scan("cst_arguments")
                         .Filter(IsNull(Col("star")))
                         .Join(CallInvocations(b), JoinType::kInner, {{"call_id", "site"}},
                               {{"arg_id", L("arg_id")},
                                {"call_id", L("call_id")},
                                {"path", L("path")},
                                {"bstart", L("bstart")},
                                {"bend", L("bend")},
                                {"position", L("position")},
                                {"keyword", L("keyword")},
                                {"after_star", L("after_star")},
                                {"def_id", R("def_id")},
                                {"shift", R("shift")}})
                         .JoinAppend(shape, JoinType::kInner, {{"def_id", "def_id"}},
                                     {{"n_positional", R("n_positional") + Lit(int64_t{1})}});
         auto out = [](const PlanBuilder& p) {
           return p.Project({{"arg_id", Col("arg_id")},
                             {"param_id", Col("param_id")},
                             {"call_id", Col("call_id")},
                             {"def_id", Col("def_id")},
                             {"path", Col("path")},
                             {"bstart", Col("bstart")},
                             {"bend", Col("bend")}});
         };
         auto positional =
             args.Filter(IsNotNull(Col("position")) && !Col("after_star"))
                 .Extend({{"slot", Call(Func::kCastInt64, {Col("position")}) + Col("shift")}});
         auto by_position = positional.JoinAppend(
             params.Filter(Col("pos") >= Lit(int64_t{0})), JoinType::kInner,
             {{"def_id", "def_id"}, {"slot", "pos"}}, {{"param_id", R("param_id")}});
         auto varargs = params.Filter(Col("kind") == Lit("var_positional"));
         auto surplus = positional.Filter(Col("slot") >= Col("n_positional"))
                            .JoinAppend(varargs, JoinType::kInner, {{"def_id", "def_id"}},
                                        {{"param_id", R("param_id")}});
         auto named =
             params.Filter(Col("kind") == Lit("regular") || Col("kind") == Lit("keyword_only"));
         auto keywords = args.Filter(IsNotNull(Col("keyword")));
         auto by_name = keywords.JoinAppend(named, JoinType::kInner,
                                            {{"def_id", "def_id"}, {"keyword", "name"}},
                                            {{"param_id", R("param_id")}});
         auto varkw = params.Filter(Col("kind") == Lit("var_keyword"));
         auto unmatched =
             keywords.Join(named, JoinType::kAnti, {{"def_id", "def_id"}, {"keyword", "name"}}, {})
                 .JoinAppend(varkw, JoinType::kInner, {{"def_id", "def_id"}},
                             {{"param_id", R("param_id")}});
         return out(by_position)
             .UnionAll({out(surplus), out(by_name), out(unmatched)})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "vf_returns_to",
         .output = "rel_vf_returns_to",
         .doc = "Each returned value (a `return` with a value, or a lambda's body) into each "
                "explicit call or decorator application the value flow found to invoke its "
                "function (a constructor's call gets the instance, not __init__'s return).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return b.Scan("cst_returns")
               .Filter((Col("kind") == Lit("return") || Col("kind") == Lit("lambda")) &&
                       IsNotNull(Col("expr_id")) && IsNotNull(Col("def_id")))
               .Join(CallInvocations(b).Filter(Col("returns")), JoinType::kInner,
                     {{"def_id", "def_id"}},
                     {{"return_id", L("return_id")},
                      {"site_node_id", R("site")},
                      {"def_id", L("def_id")},
                      {"path", L("path")},
                      {"bstart", L("bstart")},
                      {"bend", L("bend")}})
               .Distinct()
               .Build();
         }});
}

PlanBuilder ValueFlowNodeRows(const PlanBuilder& b) {
  auto node = [](const PlanBuilder& p, NodeKind kind, const char* id) {
    return NodeRows(p, {kind, Col(id), Col("path"), Col("bstart"), Col("bend"), Col("file_id")});
  };
  return node(b.Scan("cst_arguments"), NodeKind::kArgument, "arg_id")
      .UnionAll({node(ValueLiterals(b), NodeKind::kLiteral, "expr_id"),
                 node(b.Scan("cst_returns"), NodeKind::kReturn, "return_id")});
}

PlanBuilder ValueFlowPropRows(const PlanBuilder& b) {
  const std::string node = "node";
  auto args = b.Scan("cst_arguments");
  auto literals = ValueLiterals(b);
  return PropRows(args, node, Col("arg_id"), PropKey::kPosition, Col("position"))
      .UnionAll(
          {PropRows(args, node, Col("arg_id"), PropKey::kKeyword, Col("keyword")),
           PropRows(args, node, Col("arg_id"), PropKey::kStar, Col("star")),
           PropRows(literals, node, Col("expr_id"), PropKey::kLiteralKind, Col("literal_kind")),
           PropRows(literals, node, Col("expr_id"), PropKey::kLiteralValue, Col("literal_value")),
           PropRows(b.Scan("cst_returns"), node, Col("return_id"), PropKey::kReturnKind,
                    Col("kind"))});
}

PlanBuilder ValueFlowEdgeRows(const PlanBuilder& b, const PlanBuilder& nodes) {
  auto unspanned = [](EdgeKind kind, const char* method) {
    return EdgeSpec{.kind = kind,
                    .src = Col("src"),
                    .dst = Col("dst"),
                    .path = Null(ColumnType::kString),
                    .bstart = Null(ColumnType::kInt64),
                    .bend = Null(ColumnType::kInt64),
                    .origin = "value_flow",
                    .resolution_method = method};
  };
  auto argument_of =
      EdgeRows(b.Scan("cst_arguments"),
               SpanEdge(EdgeKind::kArgumentOf, Col("arg_id"), Col("call_id"), "cst", "SYNTAX"),
               "cst_arguments", 0);
  auto parameter_of =
      EdgeRows(b.Scan("cst_params"),
               SpanEdge(EdgeKind::kParameterOf, Col("param_id"), Col("def_id"), "cst", "SYNTAX"),
               "cst_params", 0);
  auto passes = EdgeRows(
      b.Scan("rel_vf_passes"),
      SpanEdge(EdgeKind::kPasses, Col("arg_id"), Col("param_id"), "value_flow", "POINTS_TO"),
      "vf_passes", 0);
  auto returns_to = EdgeRows(b.Scan("rel_vf_returns_to"),
                             SpanEdge(EdgeKind::kReturnsTo, Col("return_id"), Col("site_node_id"),
                                      "value_flow", "POINTS_TO"),
                             "vf_returns_to", 0);
  // Flow steps and points-to between nodes of the graph only.
  auto ids = nodes.Select({"node_id", "node_kind"});
  auto flow_ends = ids.Filter(Col("node_kind") != KindName(NodeKind::kLambda) &&
                              Col("node_kind") != KindName(NodeKind::kLiteral));
  auto flows = b.Scan("rel_vf_flow_static")
                   .Select({"src", "dst"})
                   .UnionAll({b.Scan("vf_dflow").Select({"src", "dst"})})
                   .Filter(Col("src") != Col("dst"))
                   .Join(ids, JoinType::kSemi, {{"src", "node_id"}}, {})
                   .Join(flow_ends, JoinType::kSemi, {{"dst", "node_id"}}, {})
                   .Distinct();
  auto flows_to = EdgeRows(flows, unspanned(EdgeKind::kFlowsTo, "VALUE_FLOW"), "value_flow", 0);
  auto holders = ids.Filter(Col("node_kind") == KindName(NodeKind::kBinding) ||
                            Col("node_kind") == KindName(NodeKind::kAttributeRef));
  auto held =
      b.Scan("vf_pts")
          .Join(holders, JoinType::kSemi, {{"node", "node_id"}}, {})
          .Project({{"src", Col("node")},
                    {"dst", Case({Col("kind") == Lit("instance"), Col("ref")}, Col("alloc"))},
                    {"method",
                     Case({Col("kind") == Lit("instance"), Lit("INSTANCE_OF")}, Lit("POINTS_TO"))}})
          .Join(ids, JoinType::kSemi, {{"dst", "node_id"}}, {})
          .WinnerSelect({Col("src"), Col("dst")}, {Asc(Col("method"))});
  auto points_to_spec = unspanned(EdgeKind::kPointsTo, "POINTS_TO");
  points_to_spec.resolution_method_of = Col("method");
  auto points_to = EdgeRows(held, points_to_spec, "value_flow", 0);
  return argument_of.UnionAll({parameter_of, passes, returns_to, flows_to, points_to});
}

}  // namespace codeanatomy::rules
