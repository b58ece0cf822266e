#include "codeanatomy/normalize/normalize.h"

namespace codeanatomy::normalize {

void RegisterModuleNameRules(plan::RuleRegistry& registry);
void RegisterAnchorRules(plan::RuleRegistry& registry);
void RegisterScipSpanRules(plan::RuleRegistry& registry);

void RegisterNormalizeRules(plan::RuleRegistry& registry) {
  RegisterModuleNameRules(registry);
  RegisterAnchorRules(registry);
  RegisterScipSpanRules(registry);
}

}  // namespace codeanatomy::normalize
