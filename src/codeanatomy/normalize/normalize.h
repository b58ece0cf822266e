// codeanatomy/normalize/normalize.h
//
// Normalization rules: every layer's positions to canonical byte spans, the qualified-name
// dimension (module names under each package root), and the anchoring of one layer's entities to
// another's (CPython scopes and code units to CST scopes). They are ordinary rules (plan builders
// with one output each), registered before the relationship rules that read them.
#pragma once

#include "codeanatomy/plan/rule.h"

namespace codeanatomy::normalize {

void RegisterNormalizeRules(plan::RuleRegistry& registry);

//! `parent(dotted)`: the dotted name without its last component ("" when there is none).
plan::Expr ParentName(const plan::Expr& dotted);

//! The node ID of a SCIP symbol: ('scip_symbol', symbol), and ('scip_symbol', symbol, path) for a
//! `local N` symbol (meaningful only in its document) — scip_symbols.symbol_info_id's hash.
plan::Expr ScipSymbolId(const plan::Expr& symbol, const plan::Expr& path);

}  // namespace codeanatomy::normalize
