// Call resolution, natively (no SCIP needed). What every name and attribute expression refers to
// ("targets"), the class hierarchy and method resolution order, simple instance types, and from
// them every call site's callee: direct names, imported names through re-export chains, methods
// through self / cls / class names / instances along the MRO, super(), constructors (the class's
// __init__, inherited or not), decorator application and the implicit protocol calls of `with` and
// `for`. Uncertain cases keep every candidate with a score; a deterministic winner-select picks the
// edge that is emitted as CALLS, the others become CALL_CANDIDATE edges.
//
// A target is (target_kind, target_id, target_name):
//   def              a cst_defs row (function, class or lambda)
//   instance         an instance of the class cst_defs row target_id
//   module           a repository file (repo_files.file_id)
//   binding          a variable (a BINDING node) with no better-known value
//   builtin          a builtin (target_name is its name)
//   external_module  a module outside the repository (target_name is its dotted name)
//   external_symbol  a name inside one (target_name is its dotted import path)
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

PlanBuilder TargetRows(const PlanBuilder& p, Expr expr_id, Expr kind, Expr id, Expr name,
                       Expr via) {
  return p.Project({{"expr_id", std::move(expr_id)},
                    {"target_kind", std::move(kind)},
                    {"target_id", std::move(id)},
                    {"target_name", std::move(name)},
                    {"via", std::move(via)}});
}

//! Targets of every name reference, from its binding (and its builtin).
PlanBuilder NameTargets(const PlanBuilder& b, const PlanBuilder& binding_targets) {
  auto refs = b.Scan("rel_name_ref_bindings");
  auto builtins = TargetRows(refs.Filter(Col("resolution") == Lit("builtin")), Col("ref_id"),
                             Lit("builtin"), Col("builtin_id"), Col("name"), Lit("builtin"));
  auto bound = refs.Filter(IsNotNull(Col("binding_id")))
                   .Join(binding_targets, JoinType::kInner, {{"binding_id", "binding_id"}},
                         {{"expr_id", L("ref_id")},
                          {"target_kind", R("target_kind")},
                          {"target_id", R("target_id")},
                          {"target_name", R("target_name")},
                          {"via", R("via")}});
  return builtins.UnionAll({bound});
}

//! Members by container: (container_kind module|def, container_id, name) -> target.
PlanBuilder ModuleMembers(const PlanBuilder& b) {
  return b.Scan("rel_module_exports")
      .Project({{"container_kind", Lit("module")},
                {"container_id", Col("file_id")},
                {"name", Col("name")},
                {"target_kind", Col("target_kind")},
                {"target_id", Col("target_id")},
                {"target_name", Col("target_name")}});
}

//! Targets of every attribute expression `recv.name`, following chains (`os.path.join`) through
//! modules, classes, instances and external modules: a least fixpoint over the receiver links.
PlanBuilder AttributeTargets(const PlanBuilder& b, const PlanBuilder& name_targets,
                             const PlanBuilder& members) {
  auto links = b.Scan("rel_attr_links");
  auto lookup = [&](const PlanBuilder& receivers) {
    // receivers: (attr_id, attr_name, recv_kind, recv_id, recv_name)
    auto container = Case({Col("recv_kind") == Lit("instance"), Lit("def")}, Col("recv_kind"));
    auto external =
        Col("recv_kind") == Lit("external_module") || Col("recv_kind") == Lit("external_symbol");
    auto dotted = Concat({Col("recv_name"), Lit("."), Col("attr_name")});
    return receivers.Extend({{"container_kind", container}})
        .JoinAppend(
            members, JoinType::kLeft,
            {{"container_kind", "container_kind"},
             {"recv_id", "container_id"},
             {"attr_name", "name"}},
            {{"m_kind", R("target_kind")}, {"m_id", R("target_id")}, {"m_name", R("target_name")}})
        .Filter(external || IsNotNull(Col("m_kind")))
        .Project({{"expr_id", Col("attr_id")},
                  {"target_kind", Case({external, Lit("external_symbol")}, Col("m_kind"))},
                  {"target_id", Case({external, ExternalSymbolId(dotted)}, Col("m_id"))},
                  {"target_name", Case({external, dotted}, Col("m_name"))},
                  {"via", Case({Col("recv_kind") == Lit("instance"), Lit("instance_attribute")},
                               Lit("attribute"))}});
  };
  auto first = links.Filter(IsNotNull(Col("receiver_ref_id")))
                   .Join(name_targets, JoinType::kInner, {{"receiver_ref_id", "expr_id"}},
                         {{"attr_id", L("attr_id")},
                          {"attr_name", L("attr_name")},
                          {"recv_kind", R("target_kind")},
                          {"recv_id", R("target_id")},
                          {"recv_name", R("target_name")}});
  return lookup(first).Recursive("attribute_targets", [&](const PlanBuilder& self) {
    auto next = self.Join(links, JoinType::kInner, {{"expr_id", "receiver_attr_id"}},
                          {{"attr_id", R("attr_id")},
                           {"attr_name", R("attr_name")},
                           {"recv_kind", L("target_kind")},
                           {"recv_id", L("target_id")},
                           {"recv_name", L("target_name")}});
    return lookup(next);
  });
}

//! 16^(13 - depth): the weight of a base position at `depth` in a left-aligned DFS path key.
Expr PathScale(const Expr& depth) {
  std::vector<Expr> cases;
  int64_t scale = int64_t{1} << 52;  // 16^13
  for (int64_t d = 0; d < 14; ++d, scale >>= 4) {
    cases.push_back(depth == Lit(d));
    cases.push_back(Lit(scale));
  }
  return Case(std::move(cases), Lit(int64_t{0}));
}

//! The enclosing class (cst_defs row) of a function defined directly in a class body.
PlanBuilder MethodClasses(const PlanBuilder& b) {
  auto classes = b.Scan("cst_defs").Filter(Col("kind") == Lit("class"));
  return b.Scan("cst_defs")
      .Filter(Col("kind") != Lit("class"))
      .Join(classes, JoinType::kInner, {{"scope_id", "body_scope_id"}},
            {{"def_id", L("def_id")},
             {"body_scope_id", L("body_scope_id")},
             {"decorators", L("decorators")},
             {"class_id", R("def_id")}});
}

}  // namespace

void RegisterCallRules(RuleRegistry& r) {
  r.Add(
      {.name = "binding_targets",
       .output = "rel_binding_targets",
       .doc = "What each binding (scope_id, name) is known to hold: the definitions the scope "
              "makes under the name (def/class, a lambda assigned to it), the modules and "
              "external names its imports bind, and for module-level bindings everything the "
              "module-exports fixpoint found (re-exports, star imports).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto rows = [](const PlanBuilder& p, Expr scope, Expr n, Expr kind, Expr id, Expr tname,
                        Expr via) {
           return p.Project({{"binding_id", BindingId(scope, n)},
                             {"scope_id", scope},
                             {"name", n},
                             {"target_kind", std::move(kind)},
                             {"target_id", std::move(id)},
                             {"target_name", std::move(tname)},
                             {"via", std::move(via)}});
         };
         auto none = Null(ColumnType::kString);
         auto defs = rows(b.Scan("cst_defs").Filter(Col("kind") != Lit("lambda")), Col("scope_id"),
                          Col("name"), Lit("def"), Col("def_id"), none, Lit("own"));
         auto assigned_lambdas =
             b.Scan("cst_assignments")
                 .Filter(IsNotNull(Col("target_ref_id")))
                 .Join(b.Scan("cst_defs").Filter(Col("kind") == Lit("lambda")), JoinType::kInner,
                       {{"path", "path"}, {"value_bstart", "bstart"}, {"value_bend", "bend"}},
                       {{"scope_id", L("scope_id")},
                        {"name", L("target_name")},
                        {"def_id", R("def_id")}});
         auto lambdas = rows(assigned_lambdas, Col("scope_id"), Col("name"), Lit("def"),
                             Col("def_id"), none, Lit("own"));
         auto imports = b.Scan("rel_import_modules").Filter(!Col("is_star"));
         auto plain = imports.Filter(Col("kind") == Lit("import"));
         auto plain_repo =
             rows(plain.Filter(IsNotNull(Col("in_repo_file_id"))), Col("scope_id"),
                  Col("bound_name"), Lit("module"), Col("in_repo_file_id"), none, Lit("import"));
         auto plain_ext =
             rows(plain.Filter(IsNull(Col("in_repo_file_id"))), Col("scope_id"), Col("bound_name"),
                  Lit("external_module"), ExternalModuleId(Col("target_module")),
                  Col("target_module"), Lit("import"));
         auto from = imports.Filter(Col("kind") == Lit("from"));
         auto from_sub =
             rows(from.Filter(IsNotNull(Col("submodule_file_id"))), Col("scope_id"),
                  Col("bound_name"), Lit("module"), Col("submodule_file_id"), none, Lit("import"));
         auto from_ext =
             rows(from.Filter(IsNull(Col("in_repo_file_id")) && IsNull(Col("submodule_file_id"))),
                  Col("scope_id"), Col("bound_name"), Lit("external_symbol"),
                  ExternalSymbolId(Col("submodule_name")), Col("submodule_name"), Lit("import"));
         auto exported =
             from.Filter(IsNotNull(Col("in_repo_file_id")))
                 .Join(b.Scan("rel_module_exports"), JoinType::kInner,
                       {{"in_repo_file_id", "file_id"}, {"name", "name"}},
                       {{"scope_id", L("scope_id")},
                        {"name", L("bound_name")},
                        {"target_kind", R("target_kind")},
                        {"target_id", R("target_id")},
                        {"target_name", R("target_name")},
                        {"via", Case({R("via") == Lit("own"), Lit("import")}, Lit("reexport"))}});
         auto from_repo = rows(exported, Col("scope_id"), Col("name"), Col("target_kind"),
                               Col("target_id"), Col("target_name"), Col("via"));
         auto module_level =
             b.Scan("rel_module_exports")
                 .JoinAppend(ModuleScopes(b), JoinType::kInner, {{"file_id", "file_id"}},
                             {{"module_scope_id", R("module_scope_id")}});
         auto exports = rows(module_level, Col("module_scope_id"), Col("name"), Col("target_kind"),
                             Col("target_id"), Col("target_name"), Col("via"));
         return defs
             .UnionAll({lambdas, plain_repo, plain_ext, from_sub, from_ext, from_repo, exports})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "name_targets_static",
         .output = "rel_name_targets_static",
         .doc = "Targets of name references from bindings alone (no instance types yet): what "
                "class bases and constructor calls are resolved with.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return NameTargets(b, b.Scan("rel_binding_targets")).Distinct().Build();
         }});

  r.Add({.name = "attr_links",
         .output = "rel_attr_links",
         .doc = "Each attribute expression with its receiver: a name reference, or another "
                "attribute expression (same span), for following dotted chains.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto attrs = b.Scan("cst_attributes");
           return attrs
               .JoinAppend(
                   attrs, JoinType::kLeft,
                   {{"path", "path"}, {"receiver_bstart", "bstart"}, {"receiver_bend", "bend"}},
                   {{"receiver_attr_id", R("attr_id")}})
               .Select({"attr_id", "file_id", "path", "scope_id", "attr_name", "receiver_ref_id",
                        "receiver_attr_id", "receiver_shape", "receiver_text"})
               .Build();
         }});

  r.Add({.name = "attr_targets_static",
         .output = "rel_attr_targets_static",
         .doc = "Targets of attribute chains through modules and external modules only (before "
                "the class hierarchy is known): what dotted class bases resolve with.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return AttributeTargets(b, b.Scan("rel_name_targets_static"), ModuleMembers(b)).Build();
         }});

  r.Add(
      {.name = "class_bases",
       .output = "rel_class_bases",
       .doc = "Each positional base of each class with what it resolves to: a class of the "
              "repository (def), an external symbol or a builtin; a subscripted base "
              "(`Base[str]`, `Generic[T]`) is its subscripted value.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto bases = b.Scan("cst_class_bases").Filter(IsNull(Col("keyword")));
         auto out = [](const PlanBuilder& p) {
           return p.Project({{"class_id", Col("class_def_id")},
                             {"position", Col("position")},
                             {"base_kind", Col("target_kind")},
                             {"base_id", Col("target_id")},
                             {"base_name", Col("target_name")}});
         };
         auto by_name = out(bases.Filter(IsNotNull(Col("ref_id")))
                                .JoinAppend(b.Scan("rel_name_targets_static"), JoinType::kInner,
                                            {{"ref_id", "expr_id"}},
                                            {{"target_kind", R("target_kind")},
                                             {"target_id", R("target_id")},
                                             {"target_name", R("target_name")}}));
         auto by_attr =
             out(bases.Filter(Col("shape") == Lit("ATTRIBUTE"))
                     .JoinAppend(b.Scan("cst_attributes"), JoinType::kInner,
                                 {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                                 {{"attr_id", R("attr_id")}})
                     .JoinAppend(b.Scan("rel_attr_targets_static"), JoinType::kInner,
                                 {{"attr_id", "expr_id"}},
                                 {{"target_kind", R("target_kind")},
                                  {"target_id", R("target_id")},
                                  {"target_name", R("target_name")}}));
         // `Base[str]`, `Generic[T]`: the subscripted value is the base.
         auto cols = std::vector<std::string>{"expr_id", "target_kind", "target_id", "target_name"};
         auto targets = b.Scan("rel_name_targets_static")
                            .Select(cols)
                            .UnionAll({b.Scan("rel_attr_targets_static").Select(cols)});
         auto by_subscript =
             out(bases.Filter(Col("shape") == Lit("SUBSCRIPT"))
                     .JoinAppend(b.Scan("cst_exprs").Filter(Col("kind") == Lit("subscript")),
                                 JoinType::kInner,
                                 {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                                 {{"value_id", R("base_id")}})
                     .JoinAppend(targets, JoinType::kInner, {{"value_id", "expr_id"}},
                                 {{"target_kind", R("target_kind")},
                                  {"target_id", R("target_id")},
                                  {"target_name", R("target_name")}}));
         // A base resolving to a def must be a class.
         auto classes = b.Scan("cst_defs").Filter(Col("kind") == Lit("class")).Select({"def_id"});
         return by_name.UnionAll({by_attr, by_subscript})
             .Filter(Col("base_kind") == Lit("def") || Col("base_kind") == Lit("external_symbol") ||
                     Col("base_kind") == Lit("builtin"))
             .JoinAppend(classes, JoinType::kLeft, {{"base_id", "def_id"}},
                         {{"is_class", IsNotNull(R("def_id"))}})
             .Filter(Col("base_kind") != Lit("def") || Col("is_class"))
             .Select({"class_id", "position", "base_kind", "base_id", "base_name"})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "class_mro",
         .output = "rel_class_mro",
         .doc = "Each class with its ancestors in the repository in method resolution order, "
                "ordered by mro_key (0 for the class itself): the depth-first, left-to-right walk "
                "of the bases keeping each class's last occurrence, which is C3's order for every "
                "consistent hierarchy without pathological merges. Depth is capped at 13.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto bases = b.Scan("rel_class_bases")
                            .Filter(Col("base_kind") == Lit("def"))
                            .Select({"class_id", "position", "base_id"})
                            .Distinct();
           auto position = Case({Col("position") > Lit(14), Lit(int64_t{14})},
                                Call(Func::kCastInt64, {Col("position")}));
           auto paths = b.Scan("cst_defs")
                            .Filter(Col("kind") == Lit("class"))
                            .Project({{"class_id", Col("def_id")},
                                      {"ancestor_id", Col("def_id")},
                                      {"depth", Lit(int64_t{0})},
                                      {"path_key", Lit(int64_t{0})}})
                            .Recursive("class_paths", [&](const PlanBuilder& self) {
                              return self.Filter(Col("depth") < Lit(int64_t{13}))
                                  .Join(bases, JoinType::kInner, {{"ancestor_id", "class_id"}},
                                        {{"class_id", L("class_id")},
                                         {"ancestor_id", R("base_id")},
                                         {"depth", L("depth") + Lit(int64_t{1})},
                                         {"path_key", L("path_key")},
                                         {"position", R("position")},
                                         {"parent_depth", L("depth")}})
                                  .Project({{"class_id", Col("class_id")},
                                            {"ancestor_id", Col("ancestor_id")},
                                            {"depth", Col("depth")},
                                            {"path_key", Col("path_key") +
                                                             (position + Lit(int64_t{1})) *
                                                                 PathScale(Col("parent_depth"))}});
                            });
           return paths
               .Aggregate({{"class_id", Col("class_id")}, {"ancestor_id", Col("ancestor_id")}},
                          {{"mro_key", AggFunc::kMax, Col("path_key")}})
               .Build();
         }});

  r.Add(
      {.name = "mro_members",
       .output = "rel_mro_members",
       .doc = "For each class and each name any class of its MRO defines: the definition found "
              "first along the MRO (own members first, then inherited). from_self is false for "
              "inherited members; after_self_* give the first definition strictly after the class "
              "itself (what super() finds).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto classes = b.Scan("cst_defs").Filter(Col("kind") == Lit("class"));
         auto members = classes.Join(b.Scan("rel_binding_targets"), JoinType::kInner,
                                     {{"body_scope_id", "scope_id"}},
                                     {{"owner_id", L("def_id")},
                                      {"name", R("name")},
                                      {"target_kind", R("target_kind")},
                                      {"target_id", R("target_id")},
                                      {"target_name", R("target_name")}});
         auto along = b.Scan("rel_class_mro")
                          .Join(members, JoinType::kInner, {{"ancestor_id", "owner_id"}},
                                {{"class_id", L("class_id")},
                                 {"mro_key", L("mro_key")},
                                 {"owner_id", R("owner_id")},
                                 {"name", R("name")},
                                 {"target_kind", R("target_kind")},
                                 {"target_id", R("target_id")},
                                 {"target_name", R("target_name")}});
         auto best = [](const PlanBuilder& p) {
           return p.WinnerSelect(
               {Col("class_id"), Col("name")},
               {Asc(Col("mro_key")), Asc(Col("target_kind")), Asc(Col("target_id"))});
         };
         auto first = best(along).Extend({{"kind", Lit("mro")}});
         auto after_self =
             best(along.Filter(Col("mro_key") > Lit(int64_t{0}))).Extend({{"kind", Lit("super")}});
         return first.UnionAll({after_self})
             .Project({{"class_id", Col("class_id")},
                       {"name", Col("name")},
                       {"lookup", Col("kind")},
                       {"owner_id", Col("owner_id")},
                       {"from_self", Col("owner_id") == Col("class_id")},
                       {"target_kind", Col("target_kind")},
                       {"target_id", Col("target_id")},
                       {"target_name", Col("target_name")}})
             .Build();
       }});

  r.Add({.name = "instance_types",
         .output = "rel_instance_types",
         .doc = "Bindings whose value is known to be an instance of a class of the repository "
                "(kind instance) or the class itself (kind class): the first parameter of a method "
                "(self; cls in a @classmethod; none in a @staticmethod), and a name assigned the "
                "result of calling a class (`x = C(...)`).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto methods = MethodClasses(b);
           auto receivers =
               b.Scan("cst_params")
                   .Filter(Col("position") == Lit(0) &&
                           (Col("kind") == Lit("positional_only") || Col("kind") == Lit("regular")))
                   .Join(methods, JoinType::kInner, {{"def_id", "def_id"}},
                         {{"binding_id", BindingId(L("scope_id"), L("name"))},
                          {"class_id", R("class_id")},
                          {"is_static",
                           Call(Func::kListContains, {R("decorators"), Lit("staticmethod")})},
                          {"is_classmethod",
                           Call(Func::kListContains, {R("decorators"), Lit("classmethod")})}})
                   .Filter(!Col("is_static"))
                   .Project({{"binding_id", Col("binding_id")},
                             {"class_id", Col("class_id")},
                             {"kind", Case({Col("is_classmethod"), Lit("class")}, Lit("instance"))},
                             {"via", Lit("receiver")}});
           auto classes = b.Scan("cst_defs").Filter(Col("kind") == Lit("class")).Select({"def_id"});
           auto callee_targets =
               b.Scan("rel_name_targets_static").UnionAll({b.Scan("rel_attr_targets_static")});
           auto constructed =
               b.Scan("cst_assignments")
                   .Filter(IsNotNull(Col("target_ref_id")) && IsNotNull(Col("value_call_id")))
                   .JoinAppend(b.Scan("cst_callsites"), JoinType::kInner,
                               {{"value_call_id", "call_id"}},
                               {{"callee", Coalesce({R("callee_ref_id"), R("callee_attr_id")})}})
                   .JoinAppend(callee_targets, JoinType::kInner, {{"callee", "expr_id"}},
                               {{"target_kind", R("target_kind")}, {"target_id", R("target_id")}})
                   .Filter(Col("target_kind") == Lit("def"))
                   .Join(classes, JoinType::kSemi, {{"target_id", "def_id"}}, {})
                   .JoinAppend(b.Scan("rel_name_ref_bindings"), JoinType::kInner,
                               {{"target_ref_id", "ref_id"}}, {{"binding_id", R("binding_id")}})
                   .Filter(IsNotNull(Col("binding_id")))
                   .Project({{"binding_id", Col("binding_id")},
                             {"class_id", Col("target_id")},
                             {"kind", Lit("instance")},
                             {"via", Lit("constructor")}});
           return receivers.UnionAll({constructed}).Distinct().Build();
         }});

  r.Add(
      {.name = "name_targets",
       .output = "rel_name_targets",
       .doc = "Targets of name references: from bindings, plus instance types (`self`, "
              "`x = C()`), plus one level of aliasing (`g = f` makes g's targets f's).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto refs = b.Scan("rel_name_ref_bindings").Filter(IsNotNull(Col("binding_id")));
         auto instances = refs.Join(
             b.Scan("rel_instance_types"), JoinType::kInner, {{"binding_id", "binding_id"}},
             {{"expr_id", L("ref_id")},
              {"target_kind", Case({R("kind") == Lit("class"), Lit("def")}, Lit("instance"))},
              {"target_id", R("class_id")},
              {"target_name", Null(ColumnType::kString)},
              {"via", R("via")}});
         // g = f: a binding assigned a plain name takes that name's targets.
         auto aliases =
             b.Scan("cst_assignments")
                 .Filter(IsNotNull(Col("target_ref_id")) && IsNotNull(Col("value_ref_id")) &&
                         Col("kind") == Lit("assign"))
                 .JoinAppend(b.Scan("rel_name_ref_bindings"), JoinType::kInner,
                             {{"target_ref_id", "ref_id"}}, {{"binding_id", R("binding_id")}})
                 .Join(b.Scan("rel_name_targets_static"), JoinType::kInner,
                       {{"value_ref_id", "expr_id"}},
                       {{"binding_id", L("binding_id")},
                        {"target_kind", R("target_kind")},
                        {"target_id", R("target_id")},
                        {"target_name", R("target_name")}})
                 .Filter(Col("target_kind") != Lit("binding"));
         auto aliased = refs.Join(aliases, JoinType::kInner, {{"binding_id", "binding_id"}},
                                  {{"expr_id", L("ref_id")},
                                   {"target_kind", R("target_kind")},
                                   {"target_id", R("target_id")},
                                   {"target_name", R("target_name")},
                                   {"via", Lit("alias")}});
         return b.Scan("rel_name_targets_static").UnionAll({instances, aliased}).Distinct().Build();
       }});

  r.Add({.name = "attr_targets",
         .output = "rel_attr_targets",
         .doc = "Targets of attribute chains through modules, classes and instances (along the "
                "MRO) and external modules.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto class_members = b.Scan("rel_mro_members")
                                    .Filter(Col("lookup") == Lit("mro"))
                                    .Project({{"container_kind", Lit("def")},
                                              {"container_id", Col("class_id")},
                                              {"name", Col("name")},
                                              {"target_kind", Col("target_kind")},
                                              {"target_id", Col("target_id")},
                                              {"target_name", Col("target_name")}});
           return AttributeTargets(b, b.Scan("rel_name_targets"),
                                   ModuleMembers(b).UnionAll({class_members}))
               .Build();
         }});
}

}  // namespace codeanatomy::rules
