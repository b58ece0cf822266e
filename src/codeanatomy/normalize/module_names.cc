// The module-name dimension: each file's dotted module name under each package root. Roots are the
// repository root and, for a src-layout project, `src/` (so src/pkg/mod.py is both `src.pkg.mod`
// and `pkg.mod`).
#include "codeanatomy/normalize/normalize.h"

namespace codeanatomy::normalize {

using base::ColumnType;
using namespace plan;  // NOLINT: rules read as relational algebra

Expr ParentName(const Expr& dotted) {
  Expr last = Call(Func::kSplitPart, {dotted, Lit("."), Lit(int64_t{-1})});
  return Case({Call(Func::kStrPos, {dotted, Lit(".")}) == Lit(int64_t{0}), Lit("")},
              Call(Func::kSubstr, {dotted, Lit(int64_t{1}),
                                   Call(Func::kLength, {dotted}) - Call(Func::kLength, {last}) -
                                       Lit(int64_t{1})}));
}

void RegisterModuleNameRules(plan::RuleRegistry& r) {
  r.Add({.name = "module_names",
         .output = "norm_module_names",
         .doc = "Every file's dotted module name under each package root (the repository root; "
                "`src/` when present), whether it is a package (__init__.py) and its package: the "
                "module itself for a package, its parent otherwise.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto files = b.Scan("repo_files").Filter(Col("module_name") != Lit(""));
           auto at_root = files.Project({{"file_id", Col("file_id")},
                                         {"path", Col("path")},
                                         {"module_name", Col("module_name")},
                                         {"root", Lit("")}});
           auto at_src =
               files.Filter(Call(Func::kStartsWith, {Col("module_name"), Lit("src.")}))
                   .Project({{"file_id", Col("file_id")},
                             {"path", Col("path")},
                             {"module_name",
                              Call(Func::kSubstr, {Col("module_name"), Lit(int64_t{5}),
                                                   Call(Func::kLength, {Col("module_name")})})},
                             {"root", Lit("src/")}});
           auto is_package = Call(Func::kEndsWith, {Col("path"), Lit("__init__.py")});
           return at_root.UnionAll({at_src})
               .Extend({{"is_package", is_package}})
               .Extend({{"package_name", Case({Col("is_package"), Col("module_name")},
                                              ParentName(Col("module_name")))}})
               .Build();
         }});
}

}  // namespace codeanatomy::normalize
