// codeanatomy/schema/taint_presets.h — the taint presets (taint_presets.def).
#pragma once

#include <string_view>
#include <vector>

namespace codeanatomy::schema {

struct TaintPreset {
  std::string_view id;
  std::string_view description;
  std::string_view cwe;
};

//! Every preset, in the order of taint_presets.def.
const std::vector<TaintPreset>& TaintPresets();
//! The preset named `id`, or nullptr.
const TaintPreset* FindTaintPreset(std::string_view id);

}  // namespace codeanatomy::schema
