// codeanatomy/rules/resolution_util.h — small relational helpers shared by the resolution rules
// (internal to rules/).
#pragma once

#include <string>
#include <vector>

#include "codeanatomy/plan/plan.h"

namespace codeanatomy::rules::internal {

inline plan::Expr Concat(std::vector<plan::Expr> parts) {
  return plan::Call(plan::Func::kConcat, std::move(parts));
}
inline plan::Expr FirstComponent(const plan::Expr& dotted) {
  return plan::Call(plan::Func::kSplitPart, {dotted, plan::Lit("."), plan::Lit(int64_t{1})});
}
inline plan::Expr LastComponent(const plan::Expr& dotted) {
  return plan::Call(plan::Func::kSplitPart, {dotted, plan::Lit("."), plan::Lit(int64_t{-1})});
}

//! IDs of the nodes resolution creates for what lies outside the repository.
inline plan::Expr ExternalModuleId(const plan::Expr& dotted) {
  return plan::StableIdOf({plan::Lit("external_module"), dotted});
}
inline plan::Expr ExternalSymbolId(const plan::Expr& dotted) {
  return plan::StableIdOf({plan::Lit("external_symbol"), dotted});
}
inline plan::Expr BuiltinId(const plan::Expr& name) {
  return plan::StableIdOf({plan::Lit("builtin"), name});
}
inline plan::Expr BindingId(const plan::Expr& scope_id, const plan::Expr& name) {
  return plan::StableIdOf({plan::Lit("binding"), scope_id, name});
}

//! file_id -> module_scope_id.
inline plan::PlanBuilder ModuleScopes(const plan::PlanBuilder& b) {
  using namespace plan;  // NOLINT
  return b.Scan("cst_scopes")
      .Filter(Col("kind") == Lit("module"))
      .Project({{"file_id", Col("file_id")}, {"module_scope_id", Col("scope_id")}});
}

//! Each file's dotted module name relative to the analysed root (not to a `src/` package root):
//! the names the call graph and qualified names use.
inline plan::PlanBuilder RootModuleNames(const plan::PlanBuilder& b) {
  using namespace plan;  // NOLINT
  return b.Scan("norm_module_names").Filter(Col("root") == Lit(""));
}

//! The builtins as a one-column relation (name).
plan::PlanBuilder Builtins(const plan::PlanBuilder& b);

}  // namespace codeanatomy::rules::internal
