// Import resolution. Every import alias to what it binds: a module of the repository (package
// roots: the repository root and src/), a definition or variable of one (following re-export chains
// through __init__.py and star imports honouring __all__), or an external module / symbol. The
// heart is the module-exports fixpoint: what each module's global namespace holds, recursively.
#include "codeanatomy/normalize/normalize.h"
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;  // NOLINT: rules read as relational algebra
using normalize::ParentName;

namespace {

using namespace internal;  // NOLINT

//! Adds columns p0..p5: `column` with 0..5 trailing components removed, each computed from the
//! previous column (nesting ParentName would grow the expression exponentially).
PlanBuilder WithAncestors(const PlanBuilder& p, const std::string& column) {
  PlanBuilder out = p.Extend({{"p0", Col(column)}});
  for (int up = 1; up <= 5; ++up) {
    out = out.Extend({{"p" + std::to_string(up), ParentName(Col("p" + std::to_string(up - 1)))}});
  }
  return out;
}

//! The ancestor column p<up> (up = 0..5; deeper is NULL).
Expr AncestorPackage(const Expr& up) {
  std::vector<Expr> cases;
  for (int64_t k = 0; k <= 5; ++k) {
    cases.push_back(up == Lit(k));
    cases.push_back(Col("p" + std::to_string(k)));
  }
  return Case(std::move(cases), Null(ColumnType::kString));
}

//! module_name -> file_id, one file per name (the repository root wins over src/).
PlanBuilder ModuleLookup(const PlanBuilder& b) {
  return b.Scan("norm_module_names")
      .WinnerSelect({Col("module_name")}, {Asc(Col("root")), Asc(Col("path"))})
      .Select({"module_name", "file_id"});
}

}  // namespace

void RegisterImportRules(RuleRegistry& r) {
  r.Add({.name = "import_modules",
         .output = "rel_import_modules",
         .doc = "Each import alias with the absolute module it names: for `import a.b [as c]` the "
                "module bound (a, or a.b with `as`); for `from M import x` the module M, relative "
                "levels resolved against the importing module's package. in_repo_file_id is the "
                "repository file of that module (NULL for an external module); submodule_file_id "
                "the file of M.x when x is itself a module.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto lookup = ModuleLookup(b);
           auto importer = b.Scan("norm_module_names")
                               .Filter(Col("root") == Lit(""))
                               .Select({"file_id", "package_name"});
           auto base = Case({Col("relative_level") == Lit(0), Col("module")},
                            Case({Col("module") == Lit(""), Col("base_package")},
                                 Case({Col("base_package") == Lit(""), Col("module")},
                                      Concat({Col("base_package"), Lit("."), Col("module")}))));
           auto with_base =
               WithAncestors(
                   b.Scan("cst_imports")
                       .JoinAppend(importer, JoinType::kLeft, {{"file_id", "file_id"}},
                                   {{"importer_package", Coalesce({R("package_name"), Lit("")})}}),
                   "importer_package")
                   .Extend({{"base_package",
                             AncestorPackage(Call(Func::kCastInt64, {Col("relative_level")}) -
                                             Lit(int64_t{1}))}})
                   .Extend({{"target_module",
                             Case({Col("kind") == Lit("import"),
                                   Case({IsNull(Col("asname")), FirstComponent(Col("name"))},
                                        Col("name"))},
                                  base)}});
           return with_base
               .JoinAppend(lookup, JoinType::kLeft, {{"target_module", "module_name"}},
                           {{"in_repo_file_id", R("file_id")}})
               .Extend(
                   {{"submodule_name", Case({Col("kind") == Lit("from") && !Col("is_star"),
                                             Concat({Col("target_module"), Lit("."), Col("name")})},
                                            Null(ColumnType::kString))}})
               .JoinAppend(lookup, JoinType::kLeft, {{"submodule_name", "module_name"}},
                           {{"submodule_file_id", R("file_id")}})
               .Select({"import_id", "file_id", "path", "scope_id", "kind", "name", "asname",
                        "bound_name", "bound_ref_id", "is_star", "relative_level", "bstart", "bend",
                        "target_module", "in_repo_file_id", "submodule_name", "submodule_file_id"})
               .Build();
         }});

  r.Add(
      {.name = "module_exports",
       .output = "rel_module_exports",
       .doc = "What each module's global namespace holds, as (file_id, name) -> target: its own "
              "top-level definitions (def), variables (binding), submodules of a package (module), "
              "the modules and external symbols its imports bind, and — recursively — what its "
              "`from M import x` and `from M import *` imports re-export from other modules of "
              "the repository (star imports take __all__ when M defines it, else the public "
              "names). A least fixpoint, so re-export chains and import cycles are fine.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto scopes = ModuleScopes(b);
         auto imports = b.Scan("rel_import_modules")
                            .JoinAppend(scopes, JoinType::kInner, {{"file_id", "file_id"}}, {},
                                        L("scope_id") == R("module_scope_id"));
         auto fact = [](const PlanBuilder& p, Expr file, Expr n, const char* kind, Expr target,
                        const char* via, Expr target_name = Null(ColumnType::kString)) {
           return p.Project({{"file_id", file},
                             {"name", n},
                             {"target_kind", Lit(kind)},
                             {"target_id", target},
                             {"target_name", target_name},
                             {"via", Lit(via)}});
         };
         // Own definitions and variables (lambdas assigned to a name count as definitions).
         auto defs = b.Scan("cst_defs")
                         .JoinAppend(scopes, JoinType::kInner, {{"file_id", "file_id"}}, {},
                                     L("scope_id") == R("module_scope_id"));
         auto own_defs = fact(defs.Filter(Col("kind") != Lit("lambda")), Col("file_id"),
                              Col("name"), "def", Col("def_id"), "own");
         auto assigns = b.Scan("cst_assignments")
                            .Filter(IsNotNull(Col("target_ref_id")))
                            .JoinAppend(scopes, JoinType::kInner, {{"file_id", "file_id"}}, {},
                                        L("scope_id") == R("module_scope_id"));
         auto lambdas = assigns.Join(
             b.Scan("cst_defs").Filter(Col("kind") == Lit("lambda")), JoinType::kInner,
             {{"path", "path"}, {"value_bstart", "bstart"}, {"value_bend", "bend"}},
             {{"file_id", L("file_id")}, {"name", L("target_name")}, {"def_id", R("def_id")}});
         auto own_lambdas = fact(lambdas, Col("file_id"), Col("name"), "def", Col("def_id"), "own");
         auto variables = fact(assigns, Col("file_id"), Col("target_name"), "binding",
                               BindingId(Col("scope_id"), Col("target_name")), "own");
         // A package holds its submodules.
         auto packages = b.Scan("norm_module_names").Filter(Col("is_package"));
         auto children = b.Scan("norm_module_names");
         auto submodules =
             packages.Join(children.Extend({{"parent", ParentName(Col("module_name"))}}),
                           JoinType::kInner, {{"module_name", "parent"}, {"root", "root"}},
                           {{"file_id", L("file_id")},
                            {"name", LastComponent(R("module_name"))},
                            {"child", R("file_id")}});
         auto own_submodules =
             fact(submodules, Col("file_id"), Col("name"), "module", Col("child"), "submodule");
         // Imports binding modules and external symbols directly.
         auto plain = imports.Filter(Col("kind") == Lit("import"));
         auto plain_repo = fact(plain.Filter(IsNotNull(Col("in_repo_file_id"))), Col("file_id"),
                                Col("bound_name"), "module", Col("in_repo_file_id"), "import");
         auto plain_ext =
             fact(plain.Filter(IsNull(Col("in_repo_file_id"))), Col("file_id"), Col("bound_name"),
                  "external_module", ExternalModuleId(Col("target_module")), "import",
                  Col("target_module"));
         auto from = imports.Filter(Col("kind") == Lit("from") && !Col("is_star"));
         auto from_sub = fact(from.Filter(IsNotNull(Col("submodule_file_id"))), Col("file_id"),
                              Col("bound_name"), "module", Col("submodule_file_id"), "import");
         auto from_ext =
             fact(from.Filter(IsNull(Col("in_repo_file_id")) && IsNull(Col("submodule_file_id"))),
                  Col("file_id"), Col("bound_name"), "external_symbol",
                  ExternalSymbolId(Col("submodule_name")), "import", Col("submodule_name"));
         auto base = own_defs.UnionAll(
             {own_lambdas, variables, own_submodules, plain_repo, plain_ext, from_sub, from_ext});

         // Re-export links: F's `from G import x [as y]` and `from G import *`, G in the
         // repository.
         auto links =
             imports.Filter(Col("kind") == Lit("from") && IsNotNull(Col("in_repo_file_id")))
                 .Project(
                     {{"importer", Col("file_id")},
                      {"source", Col("in_repo_file_id")},
                      {"imported", Case({Col("is_star"), Null(ColumnType::kString)}, Col("name"))},
                      {"bound", Col("bound_name")},
                      {"is_star", Col("is_star")}});
         auto all_names = b.Scan("cst_exports").Select({"file_id", "name"}).Distinct();
         auto has_all =
             all_names.Aggregate({{"file_id", Col("file_id")}}, {{"n", AggFunc::kCountStar, {}}});
         return base
             .Recursive("module_exports",
                        [&](const PlanBuilder& self) {
                          auto joined = self.Join(links, JoinType::kInner, {{"file_id", "source"}},
                                                  {{"importer", R("importer")},
                                                   {"name", L("name")},
                                                   {"bound", R("bound")},
                                                   {"is_star", R("is_star")},
                                                   {"target_kind", L("target_kind")},
                                                   {"target_id", L("target_id")},
                                                   {"target_name", L("target_name")},
                                                   {"via", L("via")},
                                                   {"source", L("file_id")}},
                                                  R("is_star") || R("imported") == L("name"));
                          auto visible =
                              joined
                                  .JoinAppend(has_all, JoinType::kLeft, {{"source", "file_id"}},
                                              {{"source_has_all", IsNotNull(R("file_id"))}})
                                  .JoinAppend(all_names, JoinType::kLeft,
                                              {{"source", "file_id"}, {"name", "name"}},
                                              {{"in_all", IsNotNull(R("file_id"))}})
                                  .Filter(!Col("is_star") || Col("in_all") ||
                                          (!Col("source_has_all") &&
                                           !Call(Func::kStartsWith, {Col("name"), Lit("_")}) &&
                                           Col("via") != Lit("submodule")));
                          return visible.Project(
                              {{"file_id", Col("importer")},
                               {"name", Case({Col("is_star"), Col("name")}, Col("bound"))},
                               {"target_kind", Col("target_kind")},
                               {"target_id", Col("target_id")},
                               {"target_name", Col("target_name")},
                               {"via", Case({Col("is_star"), Lit("star")}, Lit("reexport"))}});
                        })
             .Build();
       }});

  r.Add({.name = "import_targets",
         .output = "rel_import_targets",
         .doc = "What each import alias brings in: a repository module (a plain import, a "
                "submodule, the module of a star import), what `from M import x` finds in M's "
                "namespace (following re-exports), or an external module / symbol.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto imports = b.Scan("rel_import_modules");
           auto rows = [](const PlanBuilder& p, Expr kind, Expr id, Expr tname) {
             return p.Project({{"import_id", Col("import_id")},
                               {"target_kind", std::move(kind)},
                               {"target_id", std::move(id)},
                               {"target_name", std::move(tname)}});
           };
           auto none = Null(ColumnType::kString);
           auto whole_module = imports.Filter(Col("kind") == Lit("import") || Col("is_star"));
           auto module_repo = rows(whole_module.Filter(IsNotNull(Col("in_repo_file_id"))),
                                   Lit("module"), Col("in_repo_file_id"), none);
           auto module_ext =
               rows(whole_module.Filter(IsNull(Col("in_repo_file_id"))), Lit("external_module"),
                    ExternalModuleId(Col("target_module")), Col("target_module"));
           auto from = imports.Filter(Col("kind") == Lit("from") && !Col("is_star"));
           auto submodule = rows(from.Filter(IsNotNull(Col("submodule_file_id"))), Lit("module"),
                                 Col("submodule_file_id"), none);
           auto external =
               rows(from.Filter(IsNull(Col("in_repo_file_id")) && IsNull(Col("submodule_file_id"))),
                    Lit("external_symbol"), ExternalSymbolId(Col("submodule_name")),
                    Col("submodule_name"));
           auto exported = from.Join(b.Scan("rel_module_exports"), JoinType::kInner,
                                     {{"in_repo_file_id", "file_id"}, {"name", "name"}},
                                     {{"import_id", L("import_id")},
                                      {"target_kind", R("target_kind")},
                                      {"target_id", R("target_id")},
                                      {"target_name", R("target_name")}});
           return module_repo.UnionAll({module_ext, submodule, external, exported})
               .Distinct()
               .Build();
         }});
}

}  // namespace codeanatomy::rules
