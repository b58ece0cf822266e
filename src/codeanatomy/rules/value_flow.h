// codeanatomy/rules/value_flow.h — the IDs of the value-flow analysis's abstract nodes and
// allocations (internal to rules/; see value_flow_facts.cc for what each is).
#pragma once

#include "codeanatomy/plan/plan.h"

namespace codeanatomy::rules::internal {

// Nodes.
inline plan::Expr Field(const plan::Expr& alloc, const plan::Expr& name) {
  return plan::StableIdOf({plan::Lit("vf_field"), alloc, name});
}
inline plan::Expr Elem(const plan::Expr& alloc, const plan::Expr& key) {
  return plan::StableIdOf({plan::Lit("vf_elem"), alloc, key});
}
inline plan::Expr Ret(const plan::Expr& def_id) {
  return plan::StableIdOf({plan::Lit("vf_return"), def_id});
}
//! The items iterating over node n gives.
inline plan::Expr IterOf(const plan::Expr& node) {
  return plan::StableIdOf({plan::Lit("vf_iter"), node});
}
//! The element values of node n's containers (a dict's values).
inline plan::Expr ValuesOf(const plan::Expr& node) {
  return plan::StableIdOf({plan::Lit("vf_values"), node});
}
inline plan::Expr DecoOut(const plan::Expr& def_id, const plan::Expr& position) {
  return plan::StableIdOf({plan::Lit("vf_decorated"), def_id, position});
}

// Allocations.
inline plan::Expr SelfAlloc(const plan::Expr& class_id) {
  return plan::StableIdOf({plan::Lit("vf_self"), class_id});
}
inline plan::Expr InstanceAlloc(const plan::Expr& site, const plan::Expr& class_id) {
  return plan::StableIdOf({plan::Lit("vf_instance"), site, class_id});
}
inline plan::Expr BoundAlloc(const plan::Expr& receiver, const plan::Expr& def_id) {
  return plan::StableIdOf({plan::Lit("vf_bound"), receiver, def_id});
}
inline plan::Expr ArgsAlloc(const plan::Expr& def_id) {
  return plan::StableIdOf({plan::Lit("vf_args"), def_id});
}
inline plan::Expr KwargsAlloc(const plan::Expr& def_id) {
  return plan::StableIdOf({plan::Lit("vf_kwargs"), def_id});
}
inline plan::Expr GeneratorAlloc(const plan::Expr& def_id) {
  return plan::StableIdOf({plan::Lit("vf_generator"), def_id});
}
inline plan::Expr StarredAlloc(const plan::Expr& target_id) {
  return plan::StableIdOf({plan::Lit("vf_starred"), target_id});
}
//! A model's new container at a call site (value_flow_models.cc).
inline plan::Expr ResultAlloc(const plan::Expr& site, const char* what) {
  return plan::StableIdOf({plan::Lit("vf_result"), site, plan::Lit(what)});
}
inline plan::Expr PartialAlloc(const plan::Expr& site) {
  return plan::StableIdOf({plan::Lit("vf_partial"), site});
}
inline plan::Expr ExceptionAlloc(const plan::Expr& target_id, const plan::Expr& class_id) {
  return plan::StableIdOf({plan::Lit("vf_exception"), target_id, class_id});
}

}  // namespace codeanatomy::rules::internal
