// What builtins and library functions do with the values they are given, for the value-flow
// analysis (value_flow_facts.cc, value_flow_rules.cc): the models of the functions that move
// values, as data — each row names a function (a builtin, a dotted external name, or a method of
// the builtin containers) and what it does.
//
//   call       calls the function argument `fn` with the items of argument `items` (map, filter,
//              sorted/min/max/list.sort with key=, functools.reduce): a model site of its own,
//              whose callees are edges of the original call site
//   elements   returns a new list / tuple / set / dict holding the items of argument `items`
//              (list, sorted, reversed, zip, enumerate, dict, ...)
//   same       returns argument 0 itself (iter, copy.copy, staticmethod, ...)
//   item       returns an item of argument 0 (next, min, max without key)
//   getattr / setattr with a constant name are attribute loads and stores
//   store / store_items / load / view   methods of lists, sets and dicts (append, extend, pop,
//              get, setdefault, update, items, values, keys, copy)
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/rules/value_flow.h"

namespace codeanatomy::rules {

using base::ColumnType;
using base::Value;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

//! The model table: (name, model, fn, items, result). fn: the position of the function called
//! ("0") or its keyword ("key"); items: the position of the argument whose items it takes ("1"),
//! "*" for every positional argument after fn, "recv" for a method's receiver; result: list,
//! tuple, set, dict, zip, enumerate, item, site (the model site's result), same, none.
PlanBuilder Models(const PlanBuilder& b) {
  struct Row {
    const char* name;
    const char* model;
    const char* fn;
    const char* items;
    const char* result;
  };
  constexpr Row kRows[] = {
      {"map", "call", "0", "*", "list"},
      {"filter", "call", "0", "1", "list"},
      {"sorted", "call", "key", "0", "list"},
      {"min", "call", "key", "0", "item"},
      {"max", "call", "key", "0", "item"},
      {"functools.reduce", "call", "0", "1", "site"},
      {"sort", "method_call", "key", "recv", "none"},
      {"list", "elements", "", "0", "list"},
      {"tuple", "elements", "", "0", "tuple"},
      {"set", "elements", "", "0", "set"},
      {"frozenset", "elements", "", "0", "set"},
      {"sorted", "elements", "", "0", "list"},
      {"reversed", "elements", "", "0", "list"},
      {"dict", "elements", "", "0", "dict"},
      {"zip", "elements", "", "*", "zip"},
      {"enumerate", "elements", "", "0", "enumerate"},
      {"min", "elements", "", "0", "item"},
      {"max", "elements", "", "0", "item"},
      {"next", "elements", "", "0", "item"},
      {"iter", "same", "", "0", "same"},
      {"copy.copy", "same", "", "0", "same"},
      {"copy.deepcopy", "same", "", "0", "same"},
      {"staticmethod", "same", "", "0", "same"},
      {"classmethod", "same", "", "0", "same"},
      {"getattr", "getattr", "", "0", "site"},
      {"setattr", "setattr", "", "0", "none"},
      {"functools.partial", "partial", "0", "", "partial"},
  };
  std::vector<std::vector<Value>> rows;
  for (const Row& r : kRows) {
    rows.push_back({Value::String(r.name), Value::String(r.model), Value::String(r.fn),
                    Value::String(r.items), Value::String(r.result)});
  }
  return b.Values(base::Schema({{"name", ColumnType::kString, false},
                                {"model", ColumnType::kString, false},
                                {"fn", ColumnType::kString, false},
                                {"items", ColumnType::kString, false},
                                {"result", ColumnType::kString, false}}),
                  std::move(rows));
}

//! Methods of the builtin containers: (method, effect, arg). effect: store (argument `arg` into
//! the elements), store_items (its items), store_values (a mapping's values, and keyword
//! arguments under their names), load (an element, by the constant key of argument 0 when
//! there is one), store_key (argument 1 under the key of argument 0), view_values / view_keys /
//! view_items (a new list of the values, keys, or (key, value) tuples).
PlanBuilder ContainerMethods(const PlanBuilder& b) {
  struct Row {
    const char* method;
    const char* effect;
    int64_t arg;
  };
  constexpr Row kRows[] = {
      {"append", "store", 0},
      {"add", "store", 0},
      {"appendleft", "store", 0},
      {"insert", "store", 1},
      {"extend", "store_items", 0},
      {"extendleft", "store_items", 0},
      {"update", "store_values", 0},
      {"pop", "load", 0},
      {"popleft", "load", 0},
      {"popitem", "load", 0},
      {"get", "load", 0},
      {"setdefault", "load", 0},
      {"setdefault", "store_key", 1},
      {"values", "view_values", 0},
      {"keys", "view_keys", 0},
      {"items", "view_items", 0},
  };
  std::vector<std::vector<Value>> rows;
  for (const Row& r : kRows) {
    rows.push_back({Value::String(r.method), Value::String(r.effect), Value::Int64(r.arg)});
  }
  return b.Values(base::Schema({{"method", ColumnType::kString, false},
                                {"effect", ColumnType::kString, false},
                                {"arg", ColumnType::kInt64, false}}),
                  std::move(rows));
}

}  // namespace

void RegisterValueFlowModelRules(RuleRegistry& r) {
  r.Add({.name = "vf_model_calls",
         .output = "rel_vf_model_calls",
         .doc = "Calls of the modelled builtins and library functions (resolved by name, "
                "statically) and of the modelled container methods (by method name): "
                "(site, name, model, fn, items, result) with the receiver of a method call.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto targets = b.Scan("rel_name_targets").UnionAll({b.Scan("rel_attr_targets")});
           auto named =
               b.Scan("cst_callsites")
                   .Extend({{"callee", Coalesce({Col("callee_ref_id"), Col("callee_attr_id")})}})
                   .Join(targets.Filter((Col("target_kind") == Lit("builtin") ||
                                         Col("target_kind") == Lit("external_symbol")) &&
                                        IsNotNull(Col("target_name"))),
                         JoinType::kInner, {{"callee", "expr_id"}},
                         {{"site", L("call_id")}, {"name", R("target_name")}})
                   .Distinct()
                   .Join(Models(b).Filter(Col("model") != Lit("method_call")), JoinType::kInner,
                         {{"name", "name"}},
                         {{"site", L("site")},
                          {"name", L("name")},
                          {"model", R("model")},
                          {"fn", R("fn")},
                          {"items", R("items")},
                          {"result", R("result")},
                          {"recv", LitU64(0)}});
           auto exprs = b.Scan("cst_exprs");
           auto methods =
               exprs.Filter(Col("kind") == Lit("call"))
                   .Join(exprs.Filter(Col("kind") == Lit("attribute")), JoinType::kInner,
                         {{"base_id", "expr_id"}},
                         {{"site", L("expr_id")}, {"name", R("name")}, {"recv", R("base_id")}})
                   .Join(Models(b).Filter(Col("model") == Lit("method_call")), JoinType::kInner,
                         {{"name", "name"}},
                         {{"site", L("site")},
                          {"name", L("name")},
                          {"model", R("model")},
                          {"fn", R("fn")},
                          {"items", R("items")},
                          {"result", R("result")},
                          {"recv", L("recv")}});
           return named.UnionAll({methods}).Build();
         }});

  r.Add({.name = "vf_method_calls",
         .output = "rel_vf_method_calls",
         .doc = "Calls of container methods (ContainerMethods in value_flow_models.cc) with the "
                "receiver node, the effect, the node of the argument it takes, and the constant "
                "key of argument 0 (`#all` when not constant or absent).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto exprs = b.Scan("cst_exprs");
           auto args =
               b.Scan("cst_arguments").Filter(IsNotNull(Col("position")) && IsNull(Col("star")));
           auto constant =
               exprs.Filter(Col("kind") == Lit("literal") && IsNotNull(Col("literal_value")));
           auto key = args.Filter(Col("position") == Lit(0))
                          .JoinAppend(constant, JoinType::kInner, {{"expr_id", "expr_id"}},
                                      {{"key", R("literal_value")}})
                          .Select({"call_id", "key"});
           return exprs.Filter(Col("kind") == Lit("call"))
               .Join(exprs.Filter(Col("kind") == Lit("attribute")), JoinType::kInner,
                     {{"base_id", "expr_id"}},
                     {{"site", L("expr_id")}, {"method", R("name")}, {"recv", R("base_id")}})
               .Join(ContainerMethods(b), JoinType::kInner, {{"method", "method"}},
                     {{"site", L("site")},
                      {"recv", L("recv")},
                      {"effect", R("effect")},
                      {"arg", R("arg")}})
               .JoinAppend(args, JoinType::kLeft, {{"site", "call_id"}, {"arg", "position"}},
                           {{"node", R("expr_id")}})
               .JoinAppend(key, JoinType::kLeft, {{"site", "call_id"}},
                           {{"key", Coalesce({R("key"), Lit("#all")})}})
               .Build();
         }});

  r.Add(
      {.name = "vf_model_sites",
       .output = "rel_vf_model_sites",
       .doc = "The calls models make (map, filter, sorted/min/max key=, functools.reduce, "
              "list.sort key=): a site of their own (site), made at the original call site "
              "(call_id), calling the function argument with the items of the items argument "
              "(args: position and node).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto calls =
             b.Scan("rel_vf_model_calls")
                 .Filter(Col("model") == Lit("call") || Col("model") == Lit("method_call"));
         auto args = b.Scan("cst_arguments").Filter(IsNull(Col("star")));
         auto position = Call(Func::kCastString, {Coalesce({Col("position"), Lit(-1)})});
         auto fn =
             calls
                 .Join(args.Extend({{"slot", Coalesce({Col("keyword"), position})}}),
                       JoinType::kInner, {{"site", "call_id"}, {"fn", "slot"}},
                       {{"site", L("site")},
                        {"name", L("name")},
                        {"items", L("items")},
                        {"recv", L("recv")},
                        {"callee", R("expr_id")}})
                 .Extend({{"model_site", StableIdOf({Lit("vf_model"), Col("site"), Col("name")})}});
         // Items: one argument's items, each positional argument after the function's (map),
         // or the receiver's (list.sort).
         auto one =
             fn.Filter(Col("items") != Lit("*") && Col("items") != Lit("recv"))
                 .Join(args, JoinType::kInner, {{"site", "call_id"}},
                       {{"model_site", L("model_site")},
                        {"name", L("name")},
                        {"node", R("expr_id")},
                        {"pos", Lit(int64_t{0})}},
                       Call(Func::kCastString, {Coalesce({R("position"), Lit(-1)})}) == L("items"));
         auto each =
             fn.Filter(Col("items") == Lit("*"))
                 .Join(args.Filter(Col("position") > Lit(0)), JoinType::kInner,
                       {{"site", "call_id"}},
                       {{"model_site", L("model_site")},
                        {"name", L("name")},
                        {"node", R("expr_id")},
                        {"pos", Call(Func::kCastInt64, {R("position")}) - Lit(int64_t{1})}});
         auto receiver = fn.Filter(Col("items") == Lit("recv"))
                             .Project({{"model_site", Col("model_site")},
                                       {"name", Col("name")},
                                       {"node", Col("recv")},
                                       {"pos", Lit(int64_t{0})}});
         auto items = one.UnionAll({each, receiver});
         // functools.reduce(f, xs): f(item, item).
         auto second = items.Filter(Col("name") == Lit("functools.reduce"))
                           .Extend({{"pos2", Lit(int64_t{1})}})
                           .Project({{"model_site", Col("model_site")},
                                     {"name", Col("name")},
                                     {"node", Col("node")},
                                     {"pos", Col("pos2")}});
         return fn
             .Join(items.UnionAll({second}), JoinType::kInner, {{"model_site", "model_site"}},
                   {{"site", L("model_site")},
                    {"call_id", L("site")},
                    {"callee", L("callee")},
                    {"pos", R("pos")},
                    {"node", IterOf(R("node"))},
                    {"items_node", R("node")}})
             .Build();
       }});

  r.Add(
      {.name = "vf_model_flows",
       .output = "rel_vf_model_flows",
       .doc = "The flow edges and allocations of the models at their call sites: new "
              "containers of the items (list(x), sorted(x), zip, enumerate, dict(...)), the item "
              "returned (next, min, max), the argument returned (iter, copy), getattr / setattr "
              "with a constant name as attribute loads and stores, a model site's result, "
              "functools.partial objects. kind: flow (src -> dst), seed (dst holds alloc src, "
              "of kind alloc_kind), load and store (an attribute `name` of base src into / from "
              "dst), partial (dst holds a partial of function node src binding n_bound "
              "arguments).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto calls = b.Scan("rel_vf_model_calls");
         auto args = b.Scan("cst_arguments").Filter(IsNull(Col("star")));
         auto arg = [&](const PlanBuilder& p, int pos) {
           return p.Join(args.Filter(Col("position") == Lit(pos)), JoinType::kInner,
                         {{"site", "call_id"}},
                         {{"site", L("site")},
                          {"name", L("name")},
                          {"model", L("model")},
                          {"result", L("result")},
                          {"node", R("expr_id")}});
         };
         auto row = [](const PlanBuilder& p, const char* kind, Expr src, Expr dst,
                       Expr alloc_kind = Lit(""), Expr attr = Lit(""), Expr n = Lit(int64_t{0})) {
           return p.Project({{"kind", Lit(kind)},
                             {"src", std::move(src)},
                             {"dst", std::move(dst)},
                             {"alloc_kind", std::move(alloc_kind)},
                             {"name", std::move(attr)},
                             {"n_bound", std::move(n)}});
         };
         std::vector<PlanBuilder> out;
         // Containers of the items.
         auto elements = calls.Filter(Col("model") == Lit("elements"));
         auto of = [&](const char* result) {
           return elements.Filter(Col("result") == Lit(result));
         };
         for (const char* kind : {"list", "tuple", "set", "dict"}) {
           auto made = of(kind);
           out.push_back(row(made, "seed", ResultAlloc(Col("site"), kind), Col("site"), Lit(kind)));
           auto items = arg(made, 0);
           for (const char* key : {"*", "#all"}) {
             out.push_back(
                 row(items, "flow",
                     std::string(kind) == "dict" ? ValuesOf(Col("node")) : IterOf(Col("node")),
                     Elem(ResultAlloc(Col("site"), kind), Lit(key))));
           }
         }
         // dict(k=v): keyword arguments under their names.
         auto keywords = b.Scan("cst_arguments").Filter(IsNotNull(Col("keyword")));
         auto dict_keywords = of("dict").Join(
             keywords, JoinType::kInner, {{"site", "call_id"}},
             {{"site", L("site")}, {"keyword", R("keyword")}, {"node", R("expr_id")}});
         out.push_back(
             row(dict_keywords, "flow", Col("node"),
                 Elem(ResultAlloc(Col("site"), "dict"), Coalesce({Col("keyword"), Lit("*")}))));
         out.push_back(row(dict_keywords, "flow", Col("node"),
                           Elem(ResultAlloc(Col("site"), "dict"), Lit("#all"))));
         // zip(a, b) and enumerate(x): a list of tuples.
         for (const char* kind : {"zip", "enumerate"}) {
           auto made = of(kind);
           auto list = ResultAlloc(Col("site"), "list");
           auto tuple = ResultAlloc(Col("site"), "tuple");
           out.push_back(row(made, "seed", list, Col("site"), Lit("list")));
           out.push_back(row(made, "seed", tuple, Elem(list, Lit("*")), Lit("tuple")));
           out.push_back(row(made, "seed", tuple, Elem(list, Lit("#all")), Lit("tuple")));
         }
         auto zipped = of("zip").Join(args.Filter(IsNotNull(Col("position"))), JoinType::kInner,
                                      {{"site", "call_id"}},
                                      {{"site", L("site")},
                                       {"node", R("expr_id")},
                                       {"key", Call(Func::kCastString, {R("position")})}});
         out.push_back(row(zipped, "flow", IterOf(Col("node")),
                           Elem(ResultAlloc(Col("site"), "tuple"), Col("key"))));
         out.push_back(row(zipped, "flow", IterOf(Col("node")),
                           Elem(ResultAlloc(Col("site"), "tuple"), Lit("#all"))));
         auto enumerated = arg(of("enumerate"), 0);
         for (const char* key : {"1", "#all"}) {
           out.push_back(row(enumerated, "flow", IterOf(Col("node")),
                             Elem(ResultAlloc(Col("site"), "tuple"), Lit(key))));
         }
         // An item: next(it[, default]), min / max (of one iterable, or of their arguments).
         auto items = of("item");
         out.push_back(row(arg(items, 0), "flow", IterOf(Col("node")), Col("site")));
         out.push_back(row(arg(items.Filter(Col("name") == Lit("next")), 1), "flow", Col("node"),
                           Col("site")));
         out.push_back(
             row(items.Filter(Col("name") != Lit("next"))
                     .Join(args.Filter(Col("position") > Lit(0)), JoinType::kInner,
                           {{"site", "call_id"}}, {{"site", L("site")}, {"node", R("expr_id")}}),
                 "flow", Col("node"), Col("site")));
         out.push_back(row(arg(items.Filter(Col("name") != Lit("next")), 0)
                               .Join(args.Filter(Col("position") > Lit(0)), JoinType::kSemi,
                                     {{"site", "call_id"}}, {}),
                           "flow", Col("node"), Col("site")));
         // The argument itself.
         out.push_back(row(arg(calls.Filter(Col("model") == Lit("same")), 0), "flow", Col("node"),
                           Col("site")));
         // A model site's result is the call's (functools.reduce), and its items can be it too.
         auto model_sites = b.Scan("rel_vf_model_sites");
         out.push_back(row(model_sites.Join(calls.Filter(Col("result") == Lit("site")),
                                            JoinType::kSemi, {{"call_id", "site"}}, {}),
                           "flow", Col("site"), Col("call_id")));
         out.push_back(row(model_sites.Join(calls.Filter(Col("result") == Lit("site")),
                                            JoinType::kSemi, {{"call_id", "site"}}, {}),
                           "flow", Col("node"), Col("call_id")));
         // map(f, xs): a list of what f returns.
         auto mapped =
             model_sites
                 .Join(calls.Filter(Col("result") == Lit("list") && Col("model") == Lit("call")),
                       JoinType::kInner, {{"call_id", "site"}},
                       {{"site", L("site")},
                        {"call_id", L("call_id")},
                        {"items_node", L("items_node")},
                        {"name", R("name")}})
                 .Distinct();
         out.push_back(
             row(mapped, "seed", ResultAlloc(Col("call_id"), "list"), Col("call_id"), Lit("list")));
         for (const char* key : {"*", "#all"}) {
           auto list = Elem(ResultAlloc(Col("call_id"), "list"), Lit(key));
           out.push_back(row(mapped.Filter(Col("name") == Lit("map")), "flow", Col("site"), list));
           out.push_back(row(mapped.Filter(Col("name") != Lit("map")), "flow",
                             IterOf(Col("items_node")), list));
         }
         // getattr(o, "name"[, default]) and setattr(o, "name", v).
         auto constant =
             b.Scan("cst_exprs")
                 .Filter(Col("kind") == Lit("literal") && Col("literal_kind") == Lit("str") &&
                         IsNotNull(Col("literal_value")));
         auto named_attr =
             arg(calls.Filter(Col("model") == Lit("getattr") || Col("model") == Lit("setattr")), 0)
                 .Join(args.Filter(Col("position") == Lit(1)), JoinType::kInner,
                       {{"site", "call_id"}},
                       {{"site", L("site")},
                        {"model", L("model")},
                        {"base", L("node")},
                        {"name_expr", R("expr_id")}})
                 .JoinAppend(constant, JoinType::kInner, {{"name_expr", "expr_id"}},
                             {{"attr", R("literal_value")}});
         out.push_back(row(named_attr.Filter(Col("model") == Lit("getattr")), "load", Col("base"),
                           Col("site"), Lit(""), Col("attr")));
         out.push_back(row(arg(calls.Filter(Col("model") == Lit("getattr")), 2), "flow",
                           Col("node"), Col("site")));
         out.push_back(
             row(named_attr.Filter(Col("model") == Lit("setattr"))
                     .Join(args.Filter(Col("position") == Lit(2)), JoinType::kInner,
                           {{"site", "call_id"}},
                           {{"base", L("base")}, {"attr", L("attr")}, {"value", R("expr_id")}}),
                 "store", Col("base"), Col("value"), Lit(""), Col("attr")));
         // functools.partial(f, a, ...): a partial object.
         auto partials = arg(calls.Filter(Col("model") == Lit("partial")), 0)
                             .JoinAppend(args.Filter(Col("position") > Lit(0))
                                             .Aggregate({{"call_id", Col("call_id")}},
                                                        {{"n", AggFunc::kCountStar, {}}}),
                                         JoinType::kLeft, {{"site", "call_id"}},
                                         {{"n", Coalesce({R("n"), Lit(int64_t{0})})}});
         out.push_back(
             row(partials, "partial", Col("node"), Col("site"), Lit("partial"), Lit(""), Col("n")));
         auto first = out.front();
         out.erase(out.begin());
         return first.UnionAll(out).Build();
       }});
}

}  // namespace codeanatomy::rules
