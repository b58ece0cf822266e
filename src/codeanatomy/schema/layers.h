// codeanatomy/schema/layers.h
//
// Layer, generated from layers.def: the evidence layers (and `cpg`, the tables rules make).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace codeanatomy::schema {

enum class Layer : unsigned char {
#define CA_LAYER(enumerator, name, parent, skippable, doc) enumerator,
#include "codeanatomy/schema/layers.def"
};

struct LayerInfo {
  Layer layer;
  std::string_view name;
  //! The layer whose pass fills this one (itself for a top-level layer).
  Layer parent;
  //! Accepted by --skip-layer.
  bool skippable;
  std::string_view doc;
};

std::span<const LayerInfo> AllLayers();
const LayerInfo& Info(Layer layer);
std::string_view Name(Layer layer);
std::optional<Layer> ParseLayer(std::string_view name);

}  // namespace codeanatomy::schema
