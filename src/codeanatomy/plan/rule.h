// codeanatomy/plan/rule.h
//
// Rules: declarative derivations, each a named plan builder with one output dataset. A rule's plan
// is built against a plan::Catalog (evidence schemas plus the outputs of the rules registered
// before it), so its schema is known before anything runs; the engine::Adapter executes it under
// the label {rule name, output}. Registries are filled by explicit Register… calls, in dependency
// order.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/plan/fixpoint.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::plan {

struct Rule {
  std::string name;
  //! The session table the rule materializes (for a fixpoint rule: its first relation).
  std::string output;
  //! Lower runs first among alternatives and wins ties (recorded on edges as rule_priority).
  int priority = 0;
  std::string doc;
  //! A rule is one plan, or a fixpoint group of relations (plan/fixpoint.h): exactly one is set.
  std::function<base::Result<Plan>(const Catalog& catalog, const std::string& name)> build =
      nullptr;
  std::function<base::Result<Fixpoint>(const Catalog& catalog, const std::string& name)>
      build_fixpoint = nullptr;
};

//! A rule with its built plan or fixpoint (owning a copy of the rule, so it outlives the
//! registry).
struct BuiltRule {
  Rule rule;
  Plan plan;                                 //!< a plan rule's plan
  std::shared_ptr<const Fixpoint> fixpoint;  //!< a fixpoint rule's group

  //! The session tables the rule reads, sorted and distinct.
  std::vector<std::string> InputTables() const;
  //! The session tables the rule writes: its output, or every relation of its fixpoint.
  std::vector<std::string> Outputs() const;
  //! Canonical text and its XXH3-128 (the plan's, or the fixpoint's).
  std::string Print() const;
  std::string Fingerprint() const;
  //! The schema of `output` (one of Outputs()).
  const base::Schema& OutputSchema(std::string_view output) const;
};

class RuleRegistry {
 public:
  //! CHECK-fails on a duplicate rule name or output (a bug in a Register… function).
  void Add(Rule rule);
  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* Find(std::string_view name) const;

  //! Builds every plan in registration order; each output's schema joins the catalog for the rules
  //! after it. Fails with the first rule whose plan does not build.
  base::Result<std::vector<BuiltRule>> BuildAll(const Catalog& evidence) const;

 private:
  std::vector<Rule> rules_;
};

}  // namespace codeanatomy::plan
