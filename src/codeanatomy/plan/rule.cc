#include "codeanatomy/plan/rule.h"

#include <set>

namespace codeanatomy::plan {

void RuleRegistry::Add(Rule rule) {
  for (const auto& r : rules_) {
    CA_CHECK_MSG(r.name != rule.name, "rule {} registered twice", rule.name);
    CA_CHECK_MSG(r.output != rule.output, "rules {} and {} both write {}", r.name, rule.name,
                 rule.output);
  }
  CA_CHECK_MSG(static_cast<bool>(rule.build) != static_cast<bool>(rule.build_fixpoint),
               "rule {} needs exactly one builder", rule.name);
  rules_.push_back(std::move(rule));
}

const Rule* RuleRegistry::Find(std::string_view name) const {
  for (const auto& r : rules_) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

namespace {
//! The evidence catalog plus the outputs built so far.
class GrowingCatalog : public Catalog {
 public:
  explicit GrowingCatalog(const Catalog& base) : base_(base) {}
  void Add(std::string name, base::Schema schema) {
    outputs_.Add(std::move(name), std::move(schema));
  }
  base::Result<base::Schema> TableSchema(std::string_view table) const override {
    auto s = outputs_.TableSchema(table);
    if (s.ok()) return s;
    return base_.TableSchema(table);
  }

 private:
  const Catalog& base_;
  MapCatalog outputs_;
};
}  // namespace

base::Result<std::vector<BuiltRule>> RuleRegistry::BuildAll(const Catalog& evidence) const {
  GrowingCatalog catalog(evidence);
  std::vector<BuiltRule> built;
  for (const auto& rule : rules_) {
    if (rule.build_fixpoint) {
      CA_ASSIGN_OR_RETURN(Fixpoint f, rule.build_fixpoint(catalog, rule.name));
      if (f.relations().front().name != rule.output) {
        return base::Status::Internal("rule {}: its first relation must be its output {}",
                                      rule.name, rule.output);
      }
      for (const auto& r : f.relations()) catalog.Add(r.name, r.schema);
      built.push_back(BuiltRule{rule, Plan(), std::make_shared<const Fixpoint>(std::move(f))});
      continue;
    }
    CA_ASSIGN_OR_RETURN(Plan p, rule.build(catalog, rule.name));
    catalog.Add(rule.output, p.schema());
    built.push_back(BuiltRule{rule, std::move(p), nullptr});
  }
  return built;
}

std::vector<std::string> BuiltRule::InputTables() const {
  return fixpoint ? fixpoint->InputTables() : plan.InputTables();
}

std::vector<std::string> BuiltRule::Outputs() const {
  return fixpoint ? fixpoint->Outputs() : std::vector<std::string>{rule.output};
}

std::string BuiltRule::Print() const { return fixpoint ? fixpoint->Print() : plan.Print(); }

std::string BuiltRule::Fingerprint() const {
  return fixpoint ? fixpoint->Fingerprint() : plan.Fingerprint();
}

const base::Schema& BuiltRule::OutputSchema(std::string_view output) const {
  if (fixpoint) {
    const FixpointRelation* r = fixpoint->Find(output);
    CA_CHECK_MSG(r != nullptr, "rule {} has no output {}", rule.name, output);
    return r->schema;
  }
  CA_CHECK_MSG(output == rule.output, "rule {} has no output {}", rule.name, output);
  return plan.schema();
}

}  // namespace codeanatomy::plan
