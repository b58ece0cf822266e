// The static facts of the value-flow analysis (value_flow_rules.cc): what the program says about
// values before any value is known — nodes, the flow edges every run has, allocation seeds, and
// the loads, stores, calls and arguments the fixpoint resolves through values.
//
// Nodes (value holders) are UBIGINT IDs: an expression (cst_exprs.expr_id), a target
// (cst_targets.target_id), a binding (BindingId(scope, name): parameters included), a definition's
// own value (its def_id), and the abstract locations below. Allocations are the values: functions,
// lambdas and classes (their def_id), modules (file_id), builtins, external names, displays and
// comprehensions (their expr_id), instances (one per constructor call site and class), the
// receiver `self` of each class, bound methods, generators, `*args` tuples and `**kwargs` dicts.
//
//   Field(h, name)  the attribute `name` of allocation h
//   Elem(h, key)    an element of container h: key is a tuple/list position or a constant dict key,
//                   `*` for elements stored without a known key, `#all` for every element (each
//                   store writes it too), `#k` for a dict's keys
//   Ret(def)        what a function returns (a generator function: its generator)
//   Iter(n)         the items iterating over node n's values gives; Values(n) their elements
//   DecoOut(def, p) a definition's value after its decorator at position p (0 = topmost)
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/rules/value_flow.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

PlanBuilder Edges(const PlanBuilder& p, Expr src, Expr dst) {
  return p.Project({{"src", std::move(src)}, {"dst", std::move(dst)}});
}

//! (parent, role, position, child, key) of display parts with the element key each writes: a
//! list or tuple position (until the first unpack), a constant dict key, else `*`.
PlanBuilder ElementKeys(const PlanBuilder& b) {
  auto parts = b.Scan("cst_expr_parts");
  auto exprs = b.Scan("cst_exprs");
  auto first_unpack = parts.Filter(Col("role") == Lit("unpack"))
                          .Aggregate({{"parent_id", Col("parent_id")}},
                                     {{"first_unpack", AggFunc::kMin, Col("position")}});
  auto constant_keys =
      exprs.Filter(Col("kind") == Lit("literal") && IsNotNull(Col("literal_value")) &&
                   (Col("literal_kind") == Lit("str") || Col("literal_kind") == Lit("int")));
  return parts.Filter(Col("role") == Lit("element") || Col("role") == Lit("value"))
      .JoinAppend(exprs, JoinType::kInner, {{"parent_id", "expr_id"}}, {{"parent_kind", R("kind")}})
      .JoinAppend(first_unpack, JoinType::kLeft, {{"parent_id", "parent_id"}},
                  {{"first_unpack", R("first_unpack")}})
      .JoinAppend(constant_keys, JoinType::kLeft, {{"key_id", "expr_id"}},
                  {{"key_value", R("literal_value")}})
      .Project({{"parent_id", Col("parent_id")},
                {"child_id", Col("child_id")},
                {"key",
                 Case({(Col("parent_kind") == Lit("list") || Col("parent_kind") == Lit("tuple")) &&
                           (IsNull(Col("first_unpack")) || Col("position") < Col("first_unpack")),
                       Call(Func::kCastString, {Col("position")}),
                       Col("parent_kind") == Lit("dict") && IsNotNull(Col("key_value")),
                       Col("key_value")},
                      Lit("*"))}});
}

//! The first positional parameter of every method that receives its instance or class.
PlanBuilder Receivers(const PlanBuilder& b) {
  return b.Scan("rel_vf_defs")
      .Filter(IsNotNull(Col("class_id")) && !Col("is_static"))
      .Join(b.Scan("rel_vf_params").Filter(Col("pos") == Lit(int64_t{0})), JoinType::kInner,
            {{"def_id", "def_id"}},
            {{"node", R("node")},
             {"class_id", L("class_id")},
             {"is_classmethod", L("is_classmethod")}});
}

}  // namespace

void RegisterValueFlowFactRules(RuleRegistry& r) {
  r.Add({.name = "vf_decorators",
         .output = "rel_vf_decorators",
         .doc = "Each decorator application as a step of its definition's value: it takes in_node "
                "(the definition's own value for the innermost decorator, else the next one's "
                "output) and gives out_node. A decorator resolving to a function or class of the "
                "repository is a call (site decorator_id, the input its argument 0); any other "
                "(builtin, external, unresolved) is transparent: the value passes through.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto decorators = b.Scan("cst_decorators");
           auto targets = b.Scan("rel_name_targets").UnionAll({b.Scan("rel_attr_targets")});
           // The expression resolved: the decorator itself, or the callee of `@d(...)`.
           auto resolved_expr =
               decorators
                   .JoinAppend(b.Scan("cst_callsites"), JoinType::kLeft, {{"call_id", "call_id"}},
                               {{"callee", Coalesce({R("callee_ref_id"), R("callee_attr_id")})}})
                   .Extend({{"resolved", Coalesce({Col("callee"), Col("expr_id")})}});
           auto in_repo = resolved_expr
                              .Join(targets.Filter(Col("target_kind") == Lit("def")),
                                    JoinType::kSemi, {{"resolved", "expr_id"}}, {})
                              .Select({"decorator_id"})
                              .Distinct();
           auto next = decorators.Project(
               {{"def_id", Col("def_id")},
                {"outer_position", Call(Func::kCastInt64, {Col("position")}) - Lit(int64_t{1})}});
           return decorators.Extend({{"position64", Call(Func::kCastInt64, {Col("position")})}})
               .JoinAppend(in_repo, JoinType::kLeft, {{"decorator_id", "decorator_id"}},
                           {{"transparent", IsNull(R("decorator_id"))}})
               .JoinAppend(next, JoinType::kLeft,
                           {{"def_id", "def_id"}, {"position64", "outer_position"}},
                           {{"has_inner", IsNotNull(R("def_id"))}})
               .Project(
                   {{"decorator_id", Col("decorator_id")},
                    {"def_id", Col("def_id")},
                    {"position", Col("position")},
                    {"expr_id", Col("expr_id")},
                    {"transparent", Col("transparent")},
                    {"in_node", Case({Col("has_inner"),
                                      DecoOut(Col("def_id"), Col("position64") + Lit(int64_t{1}))},
                                     Col("def_id"))},
                    {"out_node", DecoOut(Col("def_id"), Col("position64"))}})
               .Build();
         }});

  r.Add(
      {.name = "vf_defs",
       .output = "rel_vf_defs",
       .doc = "Every function, lambda and class with what the value flow needs to know of it: the "
              "class a method is defined in, its descriptor decorators (staticmethod, "
              "classmethod, property / cached_property), whether it is a generator, and whether "
              "a decorator of the repository wraps it (then its name holds the decorator's "
              "result, not the function).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto defs = b.Scan("cst_defs");
         auto classes = defs.Filter(Col("kind") == Lit("class"));
         auto generators =
             b.Scan("cst_returns")
                 .Filter((Col("kind") == Lit("yield") || Col("kind") == Lit("yield_from")) &&
                         IsNotNull(Col("def_id")))
                 .Select({"def_id"})
                 .Distinct();
         auto wrapped =
             b.Scan("rel_vf_decorators").Filter(!Col("transparent")).Select({"def_id"}).Distinct();
         auto has = [](const char* decorator) {
           return Call(Func::kListContains, {Col("decorators"), Lit(decorator)});
         };
         return defs
             .JoinAppend(classes, JoinType::kLeft, {{"scope_id", "body_scope_id"}},
                         {{"class_id", R("def_id")}})
             .JoinAppend(generators, JoinType::kLeft, {{"def_id", "def_id"}},
                         {{"is_generator", IsNotNull(R("def_id"))}})
             .JoinAppend(wrapped, JoinType::kLeft, {{"def_id", "def_id"}},
                         {{"is_wrapped", IsNotNull(R("def_id"))}})
             .Project(
                 {{"def_id", Col("def_id")},
                  {"kind", Col("kind")},
                  {"name", Col("name")},
                  {"scope_id", Col("scope_id")},
                  {"body_scope_id", Col("body_scope_id")},
                  {"class_id", Case({Col("kind") == Lit("class") || Col("kind") == Lit("lambda"),
                                     Null(ColumnType::kUInt64)},
                                    Col("class_id"))},
                  {"is_static", has("staticmethod")},
                  {"is_classmethod", has("classmethod")},
                  {"is_property",
                   has("property") || has("functools.cached_property") || has("cached_property")},
                  {"is_generator", Col("is_generator")},
                  {"is_wrapped", Col("is_wrapped")}})
             .Build();
       }});

  r.Add({.name = "vf_params",
         .output = "rel_vf_params",
         .doc =
             "Parameters as value-flow nodes (their bindings): pos is the 0-based position among "
             "the positional parameters (-1 for keyword-only, *args and **kwargs).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto positional = Col("kind") == Lit("positional_only") || Col("kind") == Lit("regular");
           return b.Scan("cst_params")
               .Project({{"def_id", Col("def_id")},
                         {"param_id", Col("param_id")},
                         {"name", Col("name")},
                         {"kind", Col("kind")},
                         {"pos", Case({positional, Call(Func::kCastInt64, {Col("position")})},
                                      Lit(int64_t{-1}))},
                         {"node", BindingId(Col("scope_id"), Col("name"))},
                         {"default_expr_id", Col("default_expr_id")}})
               .Build();
         }});

  r.Add({.name = "vf_class_members",
         .output = "rel_vf_class_members",
         .doc = "For each class and each name bound in the body of a class of its MRO: where "
                "attribute lookup finds it (lookup mro: the first along the MRO; lookup super: the "
                "first strictly after the class itself), as the owner's body scope.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto classes = b.Scan("cst_defs").Filter(Col("kind") == Lit("class"));
           auto along = b.Scan("rel_class_mro")
                            .Join(classes, JoinType::kInner, {{"ancestor_id", "def_id"}},
                                  {{"class_id", L("class_id")},
                                   {"mro_key", L("mro_key")},
                                   {"owner_id", L("ancestor_id")},
                                   {"owner_scope", R("body_scope_id")}})
                            .Join(b.Scan("rel_local_bindings"), JoinType::kInner,
                                  {{"owner_scope", "scope_id"}},
                                  {{"class_id", L("class_id")},
                                   {"name", R("name")},
                                   {"mro_key", L("mro_key")},
                                   {"owner_id", L("owner_id")},
                                   {"owner_scope", L("owner_scope")}});
           auto best = [](const PlanBuilder& p, const char* lookup) {
             // Two ancestors at one MRO position (a base name bound to two classes): the order
             // must still be total, or the winner depends on the thread schedule.
             return p
                 .WinnerSelect({Col("class_id"), Col("name")},
                               {Asc(Col("mro_key")), Asc(Col("owner_id"))})
                 .Project({{"class_id", Col("class_id")},
                           {"name", Col("name")},
                           {"lookup", Lit(lookup)},
                           {"owner_id", Col("owner_id")},
                           {"owner_scope", Col("owner_scope")},
                           {"node", BindingId(Col("owner_scope"), Col("name"))}});
           };
           return best(along, "mro")
               .UnionAll({best(along.Filter(Col("mro_key") > Lit(int64_t{0})), "super")})
               .Build();
         }});

  r.Add({.name = "vf_class_methods",
         .output = "rel_vf_class_methods",
         .doc = "The method a class's attribute lookup finds when it is a `def` of the owner's "
                "body: what the implicit calls (__init__, __call__, __enter__, __iter__, ...) and "
                "property reads invoke.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return b.Scan("rel_vf_class_members")
               .Filter(Col("lookup") == Lit("mro"))
               .Join(b.Scan("rel_vf_defs")
                         .Filter(Col("kind") != Lit("class") && Col("kind") != Lit("lambda")),
                     JoinType::kInner, {{"owner_scope", "scope_id"}, {"name", "name"}},
                     {{"class_id", L("class_id")},
                      {"name", L("name")},
                      {"def_id", R("def_id")},
                      {"is_property", R("is_property")}})
               .WinnerSelect({Col("class_id"), Col("name")}, {Asc(Col("def_id"))})
               .Build();
         }});

  r.Add({.name = "vf_sites",
         .output = "rel_vf_sites",
         .doc = "Every call the value flow resolves: call expressions (the site is the call, its "
                "callee the callee expression) and decorator applications of repository "
                "decorators (site decorator_id, callee the decorator expression). The site node "
                "receives the call's result.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto calls = b.Scan("cst_exprs")
                            .Filter(Col("kind") == Lit("call") && IsNotNull(Col("base_id")))
                            .Project({{"site", Col("expr_id")},
                                      {"callee", Coalesce({Col("base_id"), LitU64(0)})},
                                      {"call_id", Col("expr_id")},
                                      {"scope_id", Col("scope_id")}});
           auto decorators =
               b.Scan("rel_vf_decorators")
                   .Filter(!Col("transparent"))
                   .JoinAppend(b.Scan("cst_decorators"), JoinType::kInner,
                               {{"decorator_id", "decorator_id"}}, {{"scope_id", R("scope_id")}})
                   .Project({{"site", Col("decorator_id")},
                             {"callee", Col("expr_id")},
                             {"call_id", Col("decorator_id")},
                             {"scope_id", Col("scope_id")}});
           auto models = b.Scan("rel_vf_model_sites")
                             .Select({"site", "callee", "call_id"})
                             .Distinct()
                             .JoinAppend(b.Scan("cst_callsites"), JoinType::kInner,
                                         {{"call_id", "call_id"}}, {{"scope_id", R("scope_id")}});
           return calls.UnionAll({decorators, models}).Build();
         }});

  r.Add({.name = "vf_site_args",
         .output = "rel_vf_site_args",
         .doc = "The arguments of every site: pos (positional and `*` arguments; -1 otherwise), "
                "keyword ('' when none), star ('', `*` or `**`), after_star (a positional after a "
                "`*`: its parameter is unknown), and the node holding the value.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto real = b.Scan("cst_arguments")
                           .Project({{"site", Col("call_id")},
                                     {"pos", Coalesce({Call(Func::kCastInt64, {Col("position")}),
                                                       Lit(int64_t{-1})})},
                                     {"keyword", Coalesce({Col("keyword"), Lit("")})},
                                     {"star", Coalesce({Col("star"), Lit("")})},
                                     {"after_star", Col("after_star")},
                                     {"node", Col("expr_id")}});
           auto decorated = b.Scan("rel_vf_decorators")
                                .Filter(!Col("transparent"))
                                .Project({{"site", Col("decorator_id")},
                                          {"pos", Lit(int64_t{0})},
                                          {"keyword", Lit("")},
                                          {"star", Lit("")},
                                          {"after_star", Lit(false)},
                                          {"node", Col("in_node")}});
           auto models = b.Scan("rel_vf_model_sites")
                             .Project({{"site", Col("site")},
                                       {"pos", Col("pos")},
                                       {"keyword", Lit("")},
                                       {"star", Lit("")},
                                       {"after_star", Lit(false)},
                                       {"node", Col("node")}})
                             .Distinct();
           return real.UnionAll({decorated, models}).Build();
         }});

  r.Add(
      {.name = "vf_flow_static",
       .output = "rel_vf_flow_static",
       .doc = "The flow edges the program has whatever its values: a binding into each load of "
              "it, assigned values into targets and targets into their bindings, display parts "
              "into their container's elements, branches and operands of conditional and boolean "
              "expressions into the whole, returned and yielded values into the function's "
              "result, defaults into parameters, a definition's value through its decorators "
              "into its name, imported names into the importing binding, module-level bindings "
              "into the module's attributes, iterated items into loop targets.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto exprs = b.Scan("cst_exprs");
         auto refs = b.Scan("rel_name_ref_bindings").Filter(IsNotNull(Col("binding_id")));
         auto targets = b.Scan("cst_targets");
         // Names: a binding flows into its loads; a name target into its binding.
         auto loads = Edges(exprs.Filter(Col("kind") == Lit("name"))
                                .Join(refs, JoinType::kInner, {{"expr_id", "ref_id"}},
                                      {{"binding_id", R("binding_id")}, {"expr_id", L("expr_id")}}),
                            Col("binding_id"), Col("expr_id"));
         auto stores =
             Edges(targets.Filter(Col("target_kind") == Lit("name"))
                       .Join(refs, JoinType::kInner, {{"target_id", "ref_id"}},
                             {{"target_id", L("target_id")}, {"binding_id", R("binding_id")}}),
                   Col("target_id"), Col("binding_id"));
         // Assignments (and walrus) store their value into the top-level target; loops store
         // each item.
         auto sourced = targets.Filter(IsNotNull(Col("source_id")));
         auto assigned = Edges(
             sourced.Filter(Col("site") != Lit("for") && Col("site") != Lit("comprehension") &&
                            Col("site") != Lit("with") && Col("site") != Lit("except")),
             Coalesce({Col("source_id"), LitU64(0)}), Col("target_id"));
         auto looped =
             Edges(sourced.Filter(Col("site") == Lit("for") || Col("site") == Lit("comprehension")),
                   IterOf(Col("source_id")), Col("target_id"));
         // A starred target is a new list of the remaining items.
         auto starred = targets.Filter(Col("starred") && IsNotNull(Col("parent_id")));
         auto star_items = starred
                               .Project({{"src", IterOf(Col("parent_id"))},
                                         {"dst", Elem(StarredAlloc(Col("target_id")), Lit("*"))}})
                               .UnionAll({starred.Project(
                                   {{"src", IterOf(Col("parent_id"))},
                                    {"dst", Elem(StarredAlloc(Col("target_id")), Lit("#all"))}})});
         // Display parts into elements (each also into #all); dict keys into #k.
         auto keyed = ElementKeys(b);
         auto parts = b.Scan("cst_expr_parts");
         auto elements =
             Edges(keyed, Col("child_id"), Elem(Col("parent_id"), Col("key")))
                 .UnionAll({Edges(keyed, Col("child_id"), Elem(Col("parent_id"), Lit("#all")))});
         auto dict_keys = Edges(parts.Filter(Col("role") == Lit("key")), Col("child_id"),
                                Elem(Col("parent_id"), Lit("#k")));
         auto unpack = parts.Filter(Col("role") == Lit("unpack"))
                           .JoinAppend(exprs, JoinType::kInner, {{"parent_id", "expr_id"}},
                                       {{"parent_kind", R("kind")}});
         auto unpacked =
             Edges(unpack.Filter(Col("parent_kind") != Lit("dict")), IterOf(Col("child_id")),
                   Elem(Col("parent_id"), Lit("*")))
                 .UnionAll({Edges(unpack.Filter(Col("parent_kind") != Lit("dict")),
                                  IterOf(Col("child_id")), Elem(Col("parent_id"), Lit("#all"))),
                            Edges(unpack.Filter(Col("parent_kind") == Lit("dict")),
                                  ValuesOf(Col("child_id")), Elem(Col("parent_id"), Lit("*"))),
                            Edges(unpack.Filter(Col("parent_kind") == Lit("dict")),
                                  ValuesOf(Col("child_id")), Elem(Col("parent_id"), Lit("#all"))),
                            Edges(unpack.Filter(Col("parent_kind") == Lit("dict")),
                                  IterOf(Col("child_id")), Elem(Col("parent_id"), Lit("#k")))});
         auto comprehended =
             parts.Filter(Col("role") == Lit("comp_element") || Col("role") == Lit("comp_value"));
         auto comprehensions =
             Edges(comprehended, Col("child_id"), Elem(Col("parent_id"), Lit("*")))
                 .UnionAll(
                     {Edges(comprehended, Col("child_id"), Elem(Col("parent_id"), Lit("#all"))),
                      Edges(parts.Filter(Col("role") == Lit("comp_key")), Col("child_id"),
                            Elem(Col("parent_id"), Lit("#k")))});
         // The value of a conditional or boolean expression is one of its parts; await, walrus
         // and slices pass their operand's value on (a slice: the same elements).
         auto wholes =
             Edges(parts.Filter(Col("role") == Lit("branch") || Col("role") == Lit("operand"))
                       .JoinAppend(exprs, JoinType::kInner, {{"parent_id", "expr_id"}},
                                   {{"parent_kind", R("kind")}})
                       .Filter(Col("parent_kind") != Lit("bin_op")),
                   Col("child_id"), Col("parent_id"));
         auto passed =
             Edges(exprs.Filter((Col("kind") == Lit("await") || Col("kind") == Lit("named") ||
                                 Col("kind") == Lit("slice")) &&
                                IsNotNull(Col("base_id"))),
                   Coalesce({Col("base_id"), LitU64(0)}), Col("expr_id"));
         // Returns, yields and lambda bodies.
         auto returns =
             b.Scan("cst_returns").Filter(IsNotNull(Col("def_id")) && IsNotNull(Col("expr_id")));
         auto returned =
             Edges(returns.Filter(Col("kind") == Lit("return") || Col("kind") == Lit("lambda")),
                   Coalesce({Col("expr_id"), LitU64(0)}), Ret(Col("def_id")));
         auto yields = returns.Filter(Col("kind") == Lit("yield"));
         auto yields_from = returns.Filter(Col("kind") == Lit("yield_from"));
         auto yielded = Edges(yields, Coalesce({Col("expr_id"), LitU64(0)}),
                              Elem(GeneratorAlloc(Col("def_id")), Lit("*")))
                            .UnionAll({Edges(yields, Coalesce({Col("expr_id"), LitU64(0)}),
                                             Elem(GeneratorAlloc(Col("def_id")), Lit("#all"))),
                                       Edges(yields_from, IterOf(Col("expr_id")),
                                             Elem(GeneratorAlloc(Col("def_id")), Lit("*"))),
                                       Edges(yields_from, IterOf(Col("expr_id")),
                                             Elem(GeneratorAlloc(Col("def_id")), Lit("#all")))});
         // Parameter defaults.
         auto defaults = Edges(b.Scan("rel_vf_params").Filter(IsNotNull(Col("default_expr_id"))),
                               Coalesce({Col("default_expr_id"), LitU64(0)}), Col("node"));
         // A definition's value through its decorators into its name.
         auto decorators = b.Scan("rel_vf_decorators");
         auto through =
             Edges(decorators.Filter(Col("transparent")), Col("in_node"), Col("out_node"));
         auto applied =
             Edges(decorators.Filter(!Col("transparent")), Col("decorator_id"), Col("out_node"));
         auto topmost = decorators.Filter(Col("position") == Lit(0));
         auto named = b.Scan("cst_defs")
                          .Filter(Col("kind") != Lit("lambda"))
                          .JoinAppend(topmost, JoinType::kLeft, {{"def_id", "def_id"}},
                                      {{"out_node", R("out_node")}});
         auto definitions = Edges(named, Coalesce({Col("out_node"), Col("def_id")}),
                                  BindingId(Col("scope_id"), Col("name")));
         // Imports: an in-repository name's binding into the importing binding.
         auto bt = b.Scan("rel_binding_targets").Filter(Col("via") != Lit("own"));
         auto imported_defs =
             Edges(bt.Filter(Col("target_kind") == Lit("def"))
                       .Join(b.Scan("cst_defs"), JoinType::kInner, {{"target_id", "def_id"}},
                             {{"binding_id", L("binding_id")},
                              {"source", BindingId(R("scope_id"), R("name"))},
                              {"is_lambda", R("kind") == Lit("lambda")}})
                       .Filter(!Col("is_lambda")),
                   Col("source"), Col("binding_id"));
         auto imported_bindings = Edges(bt.Filter(Col("target_kind") == Lit("binding")),
                                        Col("target_id"), Col("binding_id"));
         // Module attributes: every module-level binding, and what the module re-exports.
         auto module_scopes = ModuleScopes(b);
         auto module_bindings =
             b.Scan("rel_local_bindings")
                 .Join(
                     module_scopes, JoinType::kInner, {{"scope_id", "module_scope_id"}},
                     {{"scope_id", L("scope_id")}, {"name", L("name")}, {"file_id", R("file_id")}});
         auto module_fields = Edges(module_bindings, BindingId(Col("scope_id"), Col("name")),
                                    Field(Col("file_id"), Col("name")));
         auto reexports = b.Scan("rel_module_exports")
                              .Filter(Col("via") == Lit("star") || Col("via") == Lit("reexport"));
         auto reexported_defs =
             Edges(reexports.Filter(Col("target_kind") == Lit("def"))
                       .Join(b.Scan("cst_defs"), JoinType::kInner, {{"target_id", "def_id"}},
                             {{"file_id", L("file_id")},
                              {"name", L("name")},
                              {"source", BindingId(R("scope_id"), R("name"))}}),
                   Col("source"), Field(Col("file_id"), Col("name")));
         auto reexported_bindings = Edges(reexports.Filter(Col("target_kind") == Lit("binding")),
                                          Col("target_id"), Field(Col("file_id"), Col("name")));
         // A module attribute stored from outside (`plugins.hook = f`) is the module's global.
         auto module_globals = Edges(module_bindings, Field(Col("file_id"), Col("name")),
                                     BindingId(Col("scope_id"), Col("name")));
         // Models: their flows; what container methods return besides elements (the default
         // of get / pop / setdefault); `x.copy()` is x's values.
         auto model_flows = Edges(b.Scan("rel_vf_model_flows").Filter(Col("kind") == Lit("flow")),
                                  Col("src"), Col("dst"));
         auto method_defaults =
             Edges(b.Scan("cst_arguments")
                       .Filter(Col("position") == Lit(1) && IsNull(Col("star")))
                       .Join(b.Scan("rel_vf_method_calls").Filter(Col("effect") == Lit("load")),
                             JoinType::kInner, {{"call_id", "site"}},
                             {{"src", L("expr_id")}, {"dst", L("call_id")}})
                       .Distinct(),
                   Col("src"), Col("dst"));
         auto copies = Edges(
             exprs.Filter(Col("kind") == Lit("call"))
                 .Join(exprs.Filter(Col("kind") == Lit("attribute") && Col("name") == Lit("copy")),
                       JoinType::kInner, {{"base_id", "expr_id"}},
                       {{"site", L("expr_id")}, {"recv", R("base_id")}}),
             Coalesce({Col("recv"), LitU64(0)}), Col("site"));
         // `a + b` of lists holds both lists' elements (the result is approximated by both).
         auto concatenated =
             Edges(parts.Filter(Col("role") == Lit("operand"))
                       .JoinAppend(exprs, JoinType::kInner, {{"parent_id", "expr_id"}},
                                   {{"parent_kind", R("kind")}, {"op", R("name")}})
                       .Filter(Col("parent_kind") == Lit("bin_op") && Col("op") == Lit("+")),
                   Col("child_id"), Col("parent_id"));
         return loads
             .UnionAll({stores,         assigned,        looped,
                        star_items,     elements,        dict_keys,
                        unpacked,       comprehensions,  wholes,
                        passed,         returned,        yielded,
                        defaults,       through,         applied,
                        definitions,    imported_defs,   imported_bindings,
                        module_fields,  reexported_defs, reexported_bindings,
                        module_globals, model_flows,     method_defaults,
                        copies,         concatenated})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "vf_seeds",
         .output = "rel_vf_seeds",
         .doc = "The values nodes hold before anything flows (node, alloc, kind, ref, aux): each "
                "definition's own value, displays and comprehensions, builtins, imported modules "
                "and external names, submodules as attributes of their package, a method's "
                "receiver (`self`: the class's receiver instance; `cls`: the class), `*args` and "
                "`**kwargs`, generators, starred targets.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto seed = [](const PlanBuilder& p, Expr node, Expr alloc, Expr kind, Expr ref) {
             return p.Project({{"node", std::move(node)},
                               {"alloc", std::move(alloc)},
                               {"kind", std::move(kind)},
                               {"ref", std::move(ref)},
                               {"aux", LitU64(0)}});
           };
           auto defs = b.Scan("cst_defs");
           auto own = seed(defs, Col("def_id"), Col("def_id"),
                           Case({Col("kind") == Lit("class"), Lit("class")}, Lit("function")),
                           Col("def_id"));
           auto containers =
               b.Scan("cst_exprs")
                   .Filter(Col("kind") == Lit("list") || Col("kind") == Lit("tuple") ||
                           Col("kind") == Lit("set") || Col("kind") == Lit("dict") ||
                           Col("kind") == Lit("list_comp") || Col("kind") == Lit("set_comp") ||
                           Col("kind") == Lit("dict_comp") || Col("kind") == Lit("generator"));
           auto container_kind =
               Case({Col("kind") == Lit("list_comp"), Lit("list"), Col("kind") == Lit("set_comp"),
                     Lit("set"), Col("kind") == Lit("dict_comp"), Lit("dict")},
                    Col("kind"));
           auto displays =
               seed(containers, Col("expr_id"), Col("expr_id"), container_kind, Col("expr_id"));
           auto builtins =
               seed(b.Scan("rel_name_ref_bindings")
                        .Filter(Col("resolution") == Lit("builtin") && Col("ctx") == Lit("load") &&
                                IsNotNull(Col("builtin_id"))),
                    Col("ref_id"), Coalesce({Col("builtin_id"), LitU64(0)}), Lit("builtin"),
                    Coalesce({Col("builtin_id"), LitU64(0)}));
           auto bt = b.Scan("rel_binding_targets").Filter(Col("via") != Lit("own"));
           auto modules = seed(bt.Filter(Col("target_kind") == Lit("module")), Col("binding_id"),
                               Col("target_id"), Lit("module"), Col("target_id"));
           auto externals =
               seed(bt.Filter(Col("target_kind") == Lit("external_module") ||
                              Col("target_kind") == Lit("external_symbol")),
                    Col("binding_id"), Col("target_id"), Lit("external"), Col("target_id"));
           auto submodules =
               seed(b.Scan("rel_module_exports").Filter(Col("via") == Lit("submodule")),
                    Field(Col("file_id"), Col("name")), Col("target_id"), Lit("module"),
                    Col("target_id"));
           auto receivers = Receivers(b);
           auto selves = seed(receivers.Filter(!Col("is_classmethod")), Col("node"),
                              SelfAlloc(Col("class_id")), Lit("instance"), Col("class_id"));
           auto classes = seed(receivers.Filter(Col("is_classmethod")), Col("node"),
                               Col("class_id"), Lit("class"), Col("class_id"));
           auto params = b.Scan("rel_vf_params");
           auto varargs = seed(params.Filter(Col("kind") == Lit("var_positional")), Col("node"),
                               ArgsAlloc(Col("def_id")), Lit("tuple"), ArgsAlloc(Col("def_id")));
           auto varkw = seed(params.Filter(Col("kind") == Lit("var_keyword")), Col("node"),
                             KwargsAlloc(Col("def_id")), Lit("dict"), KwargsAlloc(Col("def_id")));
           auto generators =
               seed(b.Scan("rel_vf_defs").Filter(Col("is_generator")), Ret(Col("def_id")),
                    GeneratorAlloc(Col("def_id")), Lit("generator"), GeneratorAlloc(Col("def_id")));
           auto starred =
               seed(b.Scan("cst_targets").Filter(Col("starred")), Col("target_id"),
                    StarredAlloc(Col("target_id")), Lit("list"), StarredAlloc(Col("target_id")));
           auto model_flows = b.Scan("rel_vf_model_flows");
           auto model_seeds = seed(model_flows.Filter(Col("kind") == Lit("seed")), Col("dst"),
                                   Col("src"), Col("alloc_kind"), Col("src"));
           auto partials = seed(model_flows.Filter(Col("kind") == Lit("partial")), Col("dst"),
                                PartialAlloc(Col("dst")), Lit("partial"), Col("dst"));
           // items() / values() / keys(): a new list (of (key, value) tuples for items()).
           auto views = b.Scan("rel_vf_method_calls")
                            .Filter(Call(Func::kStartsWith, {Col("effect"), Lit("view_")}))
                            .Select({"site", "effect"})
                            .Distinct();
           auto list = ResultAlloc(Col("site"), "list");
           auto tuple = ResultAlloc(Col("site"), "tuple");
           auto view_lists = seed(views, Col("site"), list, Lit("list"), list);
           auto item_tuples = views.Filter(Col("effect") == Lit("view_items"));
           auto view_tuples = seed(item_tuples, Elem(list, Lit("*")), tuple, Lit("tuple"), tuple)
                                  .UnionAll({seed(item_tuples, Elem(list, Lit("#all")), tuple,
                                                  Lit("tuple"), tuple)});
           return own
               .UnionAll({displays, builtins, modules, externals, submodules, selves, classes,
                          varargs, varkw, generators, starred, model_seeds, partials, view_lists,
                          view_tuples})
               .Distinct()
               .Build();
         }});

  r.Add({.name = "vf_attr_loads",
         .output = "rel_vf_attr_loads",
         .doc = "Attribute reads `base.name` (the expression node e), and `getattr(base, 'name')` "
                "with a constant name.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto getattrs =
               b.Scan("rel_vf_model_flows")
                   .Filter(Col("kind") == Lit("load"))
                   .Project({{"e", Col("dst")}, {"base", Col("src")}, {"name", Col("name")}});
           return b.Scan("cst_exprs")
               .Filter(Col("kind") == Lit("attribute") && IsNotNull(Col("base_id")) &&
                       IsNotNull(Col("name")))
               .Project({{"e", Col("expr_id")},
                         {"base", Coalesce({Col("base_id"), LitU64(0)})},
                         {"name", Coalesce({Col("name"), Lit("")})}})
               .UnionAll({getattrs})
               .Build();
         }});

  r.Add({.name = "vf_stores",
         .output = "rel_vf_stores",
         .doc = "Stores into attributes and elements: the target node (which receives the value) "
                "into `base.name` (kind attribute) or `base[key]` (kind subscript; key a constant "
                "or `*`).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto targets = b.Scan("cst_targets").Filter(IsNotNull(Col("base_id")));
           auto constant =
               b.Scan("cst_exprs")
                   .Filter(Col("kind") == Lit("literal") && IsNotNull(Col("literal_value")));
           auto setattrs = b.Scan("rel_vf_model_flows")
                               .Filter(Col("kind") == Lit("store"))
                               .Project({{"node", Col("dst")},
                                         {"base", Col("src")},
                                         {"kind", Lit("attribute")},
                                         {"name", Col("name")}});
           return targets.Filter(Col("target_kind") == Lit("attribute"))
               .Project({{"node", Col("target_id")},
                         {"base", Coalesce({Col("base_id"), LitU64(0)})},
                         {"kind", Lit("attribute")},
                         {"name", Coalesce({Col("name"), Lit("")})}})
               .UnionAll(
                   {setattrs, targets.Filter(Col("target_kind") == Lit("subscript"))
                                  .JoinAppend(constant, JoinType::kLeft, {{"key_id", "expr_id"}},
                                              {{"key", R("literal_value")}})
                                  .Project({{"node", Col("target_id")},
                                            {"base", Coalesce({Col("base_id"), LitU64(0)})},
                                            {"kind", Lit("subscript")},
                                            {"name", Coalesce({Col("key"), Lit("*")})}})})
               .Build();
         }});

  r.Add({.name = "vf_subscript_loads",
         .output = "rel_vf_subscript_loads",
         .doc = "Element reads `base[key]` (the expression node e): key a constant, or `#all`.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto constant =
               b.Scan("cst_exprs")
                   .Filter(Col("kind") == Lit("literal") && IsNotNull(Col("literal_value")));
           return b.Scan("cst_exprs")
               .Filter(Col("kind") == Lit("subscript") && IsNotNull(Col("base_id")))
               .JoinAppend(constant, JoinType::kLeft, {{"key_id", "expr_id"}},
                           {{"key", R("literal_value")}})
               .Project({{"e", Col("expr_id")},
                         {"base", Coalesce({Col("base_id"), LitU64(0)})},
                         {"key", Coalesce({Col("key"), Lit("#all")})}})
               .Build();
         }});

  r.Add({.name = "vf_unpacks",
         .output = "rel_vf_unpacks",
         .doc = "Destructuring: each element target (not starred) with its tuple target and "
                "position; `with` targets (what __enter__ returns, or the context manager itself) "
                "and `except ... as` targets (an instance of the class matched, each class of a "
                "tuple of classes), with their source.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto targets = b.Scan("cst_targets");
           auto elements =
               targets.Filter(IsNotNull(Col("parent_id")) && !Col("starred"))
                   .Project(
                       {{"node", Col("target_id")},
                        {"source", Coalesce({Col("parent_id"), LitU64(0)})},
                        {"kind", Lit("element")},
                        {"key", Call(Func::kCastString, {Coalesce({Col("position"), Lit(0)})})}});
           auto guarded =
               targets
                   .Filter((Col("site") == Lit("with") || Col("site") == Lit("except")) &&
                           IsNotNull(Col("source_id")))
                   .Project({{"node", Col("target_id")},
                             {"source", Coalesce({Col("source_id"), LitU64(0)})},
                             {"kind", Col("site")},
                             {"key", Lit("")}});
           // `except (A, B) as e`: each class of the tuple is matched.
           auto handler_tuples =
               targets.Filter(Col("site") == Lit("except") && IsNotNull(Col("source_id")))
                   .Join(b.Scan("cst_expr_parts").Filter(Col("role") == Lit("element")),
                         JoinType::kInner, {{"source_id", "parent_id"}},
                         {{"node", L("target_id")},
                          {"source", R("child_id")},
                          {"kind", Lit("except")},
                          {"key", Lit("")}});
           return elements.UnionAll({guarded, handler_tuples}).Build();
         }});

  r.Add(
      {.name = "vf_views",
       .output = "rel_vf_views",
       .doc = "Nodes whose items are needed (view iter: what iterating gives — a dict's keys, "
              "any other container's elements, what an instance's __iter__ / __next__ give) or "
              "whose element values are (view values).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto targets = b.Scan("cst_targets");
         auto view = [](const PlanBuilder& p, Expr node, const char* v) {
           return p.Project({{"node", std::move(node)}, {"view", Lit(v)}});
         };
         auto loops = view(
             targets.Filter((Col("site") == Lit("for") || Col("site") == Lit("comprehension")) &&
                            IsNotNull(Col("source_id"))),
             Coalesce({Col("source_id"), LitU64(0)}), "iter");
         auto parents = view(targets.Filter(Col("starred") && IsNotNull(Col("parent_id"))),
                             Coalesce({Col("parent_id"), LitU64(0)}), "iter");
         auto parts = b.Scan("cst_expr_parts").Filter(Col("role") == Lit("unpack"));
         auto unpacked = view(parts, Col("child_id"), "iter")
                             .UnionAll({view(parts, Col("child_id"), "values")});
         auto yields_from =
             view(b.Scan("cst_returns")
                      .Filter(Col("kind") == Lit("yield_from") && IsNotNull(Col("expr_id"))),
                  Coalesce({Col("expr_id"), LitU64(0)}), "iter");
         auto args = b.Scan("rel_vf_site_args");
         auto starred_args = view(args.Filter(Col("star") == Lit("*")), Col("node"), "iter");
         auto kwargs = view(args.Filter(Col("star") == Lit("**")), Col("node"), "values");
         // Models take the items (or values) of their arguments.
         auto model_args =
             b.Scan("cst_arguments")
                 .Join(b.Scan("rel_vf_model_calls")
                           .Filter(Col("model") == Lit("elements") || Col("model") == Lit("call")),
                       JoinType::kSemi, {{"call_id", "site"}}, {});
         auto models =
             view(model_args, Col("expr_id"), "iter")
                 .UnionAll(
                     {view(model_args, Col("expr_id"), "values"),
                      view(b.Scan("rel_vf_model_calls").Filter(Col("model") == Lit("method_call")),
                           Col("recv"), "iter")});
         auto method_args = b.Scan("rel_vf_method_calls").Filter(IsNotNull(Col("node")));
         auto methods =
             view(method_args.Filter(Col("effect") == Lit("store_items")),
                  Coalesce({Col("node"), LitU64(0)}), "iter")
                 .UnionAll({view(method_args.Filter(Col("effect") == Lit("store_values")),
                                 Coalesce({Col("node"), LitU64(0)}), "values")});
         return loops
             .UnionAll({parents, unpacked, yields_from, starred_args, kwargs, models, methods})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "vf_super_loads",
         .output = "rel_vf_super_loads",
         .doc = "Attribute reads on `super()` inside a method: the class whose MRO is searched "
                "after it, and the method's receiver (its first parameter).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto exprs = b.Scan("cst_exprs");
           auto super_calls = exprs.Filter(Col("kind") == Lit("call"))
                                  .Join(b.Scan("rel_name_ref_bindings")
                                            .Filter(Col("resolution") == Lit("builtin") &&
                                                    Col("name") == Lit("super")),
                                        JoinType::kInner, {{"base_id", "ref_id"}},
                                        {{"call_id", L("expr_id")}, {"scope_id", L("scope_id")}});
           auto methods =
               b.Scan("rel_vf_defs")
                   .Filter(IsNotNull(Col("class_id")) && !Col("is_static"))
                   .JoinAppend(b.Scan("rel_vf_params").Filter(Col("pos") == Lit(int64_t{0})),
                               JoinType::kInner, {{"def_id", "def_id"}},
                               {{"self_node", R("node")}});
           return exprs.Filter(Col("kind") == Lit("attribute"))
               .Join(super_calls, JoinType::kInner, {{"base_id", "call_id"}},
                     {{"e", L("expr_id")}, {"name", L("name")}, {"scope_id", R("scope_id")}})
               .Join(methods, JoinType::kInner, {{"scope_id", "body_scope_id"}},
                     {{"e", L("e")},
                      {"name", Coalesce({L("name"), Lit("")})},
                      {"class_id", Coalesce({R("class_id"), LitU64(0)})},
                      {"self_node", R("self_node")}})
               .Build();
         }});
}

}  // namespace codeanatomy::rules
