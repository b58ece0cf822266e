#include "codeanatomy/schema/layers.h"

namespace codeanatomy::schema {
namespace {

constexpr LayerInfo kLayers[] = {
#define CA_LAYER(enumerator, name, parent, skippable, doc) \
  {Layer::enumerator, name, Layer::parent, skippable, doc},
#include "codeanatomy/schema/layers.def"
};

}  // namespace

std::span<const LayerInfo> AllLayers() { return kLayers; }
const LayerInfo& Info(Layer layer) { return kLayers[static_cast<size_t>(layer)]; }
std::string_view Name(Layer layer) { return Info(layer).name; }

std::optional<Layer> ParseLayer(std::string_view name) {
  for (const auto& info : kLayers) {
    if (info.name == name) return info.layer;
  }
  return std::nullopt;
}

}  // namespace codeanatomy::schema
