// Name resolution: every name reference to its binding, with Python's scope rules — local,
// enclosing function scopes (class bodies do not enclose their methods), global (module), builtin;
// `global` and `nonlocal` declarations; comprehension scopes. Scope membership of each reference
// (which scope evaluates it: defaults, decorators and annotations belong to the enclosing scope,
// a comprehension's first iterable too, a walrus target in a comprehension binds outside it) is
// evidence from extract/cst (cst_name_refs.scope_id).
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;  // NOLINT: rules read as relational algebra

using internal::Builtins;

namespace {

Expr FunctionLike(const Expr& kind) {
  return kind == Lit("function") || kind == Lit("lambda") || kind == Lit("comprehension");
}

}  // namespace

void RegisterScopeRules(RuleRegistry& r) {
  // Scope chains are followed one step per recursion round, never materialised as every (scope,
  // ancestor) pair: nesting is unbounded in hostile code (6,000 nested lambdas would be 18M
  // pairs). Each relation below has one row per scope, and name resolution tries the enclosing
  // scopes of a reference only until it finds the binding.
  r.Add({.name = "scope_function_parents",
         .output = "rel_scope_function_parents",
         .doc = "Each scope with its nearest enclosing function, lambda or comprehension scope "
                "(class scopes are skipped: they do not enclose their methods); no row when there "
                "is none.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto scopes = b.Scan("cst_scopes");
           auto base = scopes.Filter(IsNotNull(Col("parent_scope_id")))
                           .Join(scopes, JoinType::kInner, {{"parent_scope_id", "scope_id"}},
                                 {{"scope_id", L("scope_id")},
                                  {"kind", L("kind")},
                                  {"function_scope_id", R("scope_id")}},
                                 FunctionLike(R("kind")));
           return base
               .Recursive("function_parents",
                          [&](const PlanBuilder& self) {
                            // The children of a class scope share its function parent.
                            return self.Filter(Col("kind") == Lit("class"))
                                .Join(scopes, JoinType::kInner, {{"scope_id", "parent_scope_id"}},
                                      {{"scope_id", R("scope_id")},
                                       {"kind", R("kind")},
                                       {"function_scope_id", L("function_scope_id")}});
                          })
               .Select({"scope_id", "function_scope_id"})
               .Build();
         }});

  r.Add({.name = "scope_owners",
         .output = "rel_scope_owners",
         .doc = "Each scope with the module, function or lambda whose code it runs in: itself for "
                "those kinds, else (class bodies and comprehensions) its parent's owner.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto scopes = b.Scan("cst_scopes");
           auto owns = Col("kind") == Lit("module") || Col("kind") == Lit("function") ||
                       Col("kind") == Lit("lambda");
           auto owned = scopes.Filter(!owns);
           return scopes.Filter(owns)
               .Project({{"scope_id", Col("scope_id")}, {"owner_scope_id", Col("scope_id")}})
               .Recursive(
                   "scope_owners",
                   [&](const PlanBuilder& self) {
                     return self.Join(
                         owned, JoinType::kInner, {{"scope_id", "parent_scope_id"}},
                         {{"scope_id", R("scope_id")}, {"owner_scope_id", L("owner_scope_id")}});
                   })
               .Build();
         }});

  r.Add({.name = "local_bindings",
         .output = "rel_local_bindings",
         .doc = "Names each scope binds itself (assignment and other store targets, del, def and "
                "class statements, parameters, imports), minus names it declares global or "
                "nonlocal: the scope's own variables.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto stores = b.Scan("cst_name_refs")
                             .Filter(Col("ctx") == Lit("store") || Col("ctx") == Lit("augstore") ||
                                     Col("ctx") == Lit("del"))
                             .Project({{"scope_id", Col("scope_id")}, {"name", Col("name")}});
           auto defs = b.Scan("cst_defs")
                           .Filter(Col("kind") != Lit("lambda"))
                           .Project({{"scope_id", Col("scope_id")}, {"name", Col("name")}});
           auto params =
               b.Scan("cst_params").Project({{"scope_id", Col("scope_id")}, {"name", Col("name")}});
           auto imports =
               b.Scan("cst_imports")
                   .Filter(IsNotNull(Col("bound_name")))
                   .Project({{"scope_id", Col("scope_id")}, {"name", Col("bound_name")}});
           auto declared = b.Scan("cst_name_refs")
                               .Filter(Col("ctx") == Lit("global") || Col("ctx") == Lit("nonlocal"))
                               .Project({{"scope_id", Col("scope_id")}, {"name", Col("name")}});
           return stores.UnionAll({defs, params, imports})
               .Distinct()
               .Join(declared, JoinType::kAnti, {{"scope_id", "scope_id"}, {"name", "name"}}, {})
               .Build();
         }});

  r.Add(
      {.name = "name_ref_bindings",
       .output = "rel_name_ref_bindings",
       .doc = "Each name reference with the binding it refers to and how it was found: local (its "
              "own scope binds the name), enclosing (the nearest enclosing function, lambda or "
              "comprehension scope that binds it; class scopes are skipped), global (the module, "
              "by `global` or for lack of an enclosing binder), builtin (a global no module "
              "statement binds, named like a builtin), unresolved_global (neither) or "
              "unresolved_nonlocal (`nonlocal` without an enclosing binder). `global`/`nonlocal` "
              "declarations are references to the binding they declare.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto refs = b.Scan("cst_name_refs");
         auto local = b.Scan("rel_local_bindings");
         auto decls =
             refs.Filter(Col("ctx") == Lit("global") || Col("ctx") == Lit("nonlocal"))
                 .Aggregate({{"scope_id", Col("scope_id")}, {"name", Col("name")}},
                            {{"is_global", AggFunc::kBoolOr, Col("ctx") == Lit("global")},
                             {"is_nonlocal", AggFunc::kBoolOr, Col("ctx") == Lit("nonlocal")}});
         auto modules =
             b.Scan("cst_scopes")
                 .Filter(Col("kind") == Lit("module"))
                 .Project({{"file_id", Col("file_id")}, {"module_scope_id", Col("scope_id")}});
         // The nearest enclosing function-like scope that binds the name itself, looked for by
         // the references that need one: not bound in their own scope, named like something a
         // function-like scope of the file binds. Each tries one enclosing scope per round and
         // stops at the first that binds the name.
         auto function_parents = b.Scan("rel_scope_function_parents");
         auto function_bound =
             local
                 .Join(b.Scan("cst_scopes"), JoinType::kInner, {{"scope_id", "scope_id"}},
                       {{"file_id", R("file_id")}, {"name", L("name")}}, FunctionLike(R("kind")))
                 .Distinct();
         auto tries =
             refs.Join(local, JoinType::kAnti, {{"scope_id", "scope_id"}, {"name", "name"}}, {})
                 .Join(function_bound, JoinType::kSemi, {{"file_id", "file_id"}, {"name", "name"}},
                       {})
                 .Join(function_parents, JoinType::kInner, {{"scope_id", "scope_id"}},
                       {{"ref_id", L("ref_id")},
                        {"name", L("name")},
                        {"candidate_id", R("function_scope_id")}})
                 .Recursive("enclosing_tries", [&](const PlanBuilder& self) {
                   return self
                       .Join(local, JoinType::kAnti,
                             {{"candidate_id", "scope_id"}, {"name", "name"}}, {})
                       .Join(function_parents, JoinType::kInner, {{"candidate_id", "scope_id"}},
                             {{"ref_id", L("ref_id")},
                              {"name", L("name")},
                              {"candidate_id", R("function_scope_id")}});
                 });
         auto enclosing =
             tries
                 .Join(local, JoinType::kSemi, {{"candidate_id", "scope_id"}, {"name", "name"}}, {})
                 .Project({{"ref_id", Col("ref_id")}, {"enclosing_scope_id", Col("candidate_id")}});
         auto facts =
             refs.Select({"ref_id", "file_id", "path", "scope_id", "name", "ctx"})
                 .JoinAppend(decls, JoinType::kLeft, {{"scope_id", "scope_id"}, {"name", "name"}},
                             {{"decl_global", Coalesce({R("is_global"), Lit(false)})},
                              {"decl_nonlocal", Coalesce({R("is_nonlocal"), Lit(false)})}})
                 .JoinAppend(local, JoinType::kLeft, {{"scope_id", "scope_id"}, {"name", "name"}},
                             {{"is_local", IsNotNull(R("scope_id"))}})
                 .JoinAppend(enclosing, JoinType::kLeft, {{"ref_id", "ref_id"}},
                             {{"enclosing_scope_id", R("enclosing_scope_id")}})
                 .JoinAppend(modules, JoinType::kInner, {{"file_id", "file_id"}},
                             {{"module_scope_id", R("module_scope_id")}});
         auto how = Case({Col("decl_global"), Lit("global"),  //
                          Col("decl_nonlocal"),
                          Case({IsNotNull(Col("enclosing_scope_id")), Lit("enclosing")},
                               Lit("unresolved_nonlocal")),
                          Col("is_local") && Col("scope_id") != Col("module_scope_id"),
                          Lit("local"), IsNotNull(Col("enclosing_scope_id")), Lit("enclosing")},
                         Lit("global"));
         auto scoped =
             facts.Extend({{"how", how}})
                 .Extend({{"target_scope_id",
                           Case({Col("how") == Lit("global"), Col("module_scope_id"),
                                 Col("how") == Lit("local"), Col("scope_id"),
                                 Col("how") == Lit("enclosing"), Col("enclosing_scope_id")},
                                Null(ColumnType::kUInt64))}})
                 // Does the module bind the name at all? If not, a global may be a builtin.
                 .JoinAppend(local, JoinType::kLeft,
                             {{"target_scope_id", "scope_id"}, {"name", "name"}},
                             {{"target_bound", IsNotNull(R("scope_id"))}})
                 .JoinAppend(Builtins(b), JoinType::kLeft, {{"name", "name"}},
                             {{"is_builtin", IsNotNull(R("name"))}});
         auto resolution =
             Case({Col("how") == Lit("global") && !Col("target_bound") && Col("is_builtin"),
                   Lit("builtin"),  //
                   Col("how") == Lit("global") && !Col("target_bound"), Lit("unresolved_global")},
                  Col("how"));
         return scoped.Extend({{"resolution", resolution}})
             .Project({{"ref_id", Col("ref_id")},
                       {"file_id", Col("file_id")},
                       {"path", Col("path")},
                       {"scope_id", Col("scope_id")},
                       {"name", Col("name")},
                       {"ctx", Col("ctx")},
                       {"resolution", Col("resolution")},
                       {"binding_scope_id",
                        Case({Col("resolution") == Lit("builtin"), Null(ColumnType::kUInt64)},
                             Col("target_scope_id"))},
                       {"binding_id",
                        Case({Col("resolution") == Lit("builtin") || IsNull(Col("target_scope_id")),
                              Null(ColumnType::kUInt64)},
                             internal::BindingId(Col("target_scope_id"), Col("name")))},
                       {"builtin_id", Case({Col("resolution") == Lit("builtin"),
                                            internal::BuiltinId(Col("name"))},
                                           Null(ColumnType::kUInt64))}})
             .Build();
       }});

  r.Add(
      {.name = "symtable_checks",
       .output = "rel_symtable_checks",
       .doc = "Each name reference's binding class by our rules (local, enclosing, global — "
              "builtins and unresolved globals are global) next to CPython's symbol table for the "
              "same scope and name (free is enclosing; module-level names are global), and "
              "whether they agree. References in files CPython cannot compile have no row.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto ours = Case(
             {Col("resolution") == Lit("builtin") || Col("resolution") == Lit("unresolved_global"),
              Lit("global"), Col("resolution") == Lit("unresolved_nonlocal"), Lit("enclosing")},
             Col("resolution"));
         auto cpython = Case({Col("is_free"), Lit("enclosing"), Col("is_declared_global"),
                              Lit("global"), Col("scope_type") == Lit("module"), Lit("global"),
                              Col("is_local"), Lit("local"), Col("is_global"), Lit("global")},
                             Lit("unknown"));
         return b.Scan("rel_name_ref_bindings")
             .Join(b.Scan("norm_sym_scope_anchors"), JoinType::kInner,
                   {{"scope_id", "cst_scope_id"}},
                   {{"ref_id", L("ref_id")},
                    {"name", L("name")},
                    {"resolution", L("resolution")},
                    {"sym_scope_id", R("sym_scope_id")},
                    {"scope_type", R("scope_type")}})
             .JoinAppend(b.Scan("sym_symbols"), JoinType::kInner,
                         {{"sym_scope_id", "scope_id"}, {"name", "name"}},
                         {{"is_free", R("is_free")},
                          {"is_declared_global", R("is_declared_global")},
                          {"is_local", R("is_local")},
                          {"is_global", R("is_global")}})
             .Project({{"ref_id", Col("ref_id")}, {"ours", ours}, {"cpython", cpython}})
             .Extend({{"agrees", Col("ours") == Col("cpython")}})
             .Build();
       }});
}

}  // namespace codeanatomy::rules
