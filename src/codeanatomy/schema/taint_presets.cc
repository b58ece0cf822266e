#include "codeanatomy/schema/taint_presets.h"

namespace codeanatomy::schema {

const std::vector<TaintPreset>& TaintPresets() {
  static const std::vector<TaintPreset> presets = {
#define CA_TAINT_PRESET(enumerator, id, description, cwe) {id, description, cwe},
#include "codeanatomy/schema/taint_presets.def"
#undef CA_TAINT_PRESET
  };
  return presets;
}

const TaintPreset* FindTaintPreset(std::string_view id) {
  for (const auto& p : TaintPresets()) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace codeanatomy::schema
