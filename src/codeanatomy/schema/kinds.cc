#include "codeanatomy/schema/kinds.h"

#include "codeanatomy/base/check.h"

namespace codeanatomy::schema {
namespace {

constexpr NodeKindInfo kNodeKinds[] = {
#define CA_NODE_KIND(enumerator, name, doc) {NodeKind::enumerator, name, doc},
#include "codeanatomy/schema/node_kinds.def"
};

constexpr EdgeKindInfo kEdgeKinds[] = {
#define CA_EDGE_KIND(enumerator, name, doc) {EdgeKind::enumerator, name, doc},
#include "codeanatomy/schema/edge_kinds.def"
};

constexpr PropKeyInfo kPropKeys[] = {
#define CA_PROP_KEY(enumerator, key, type, doc) \
  {PropKey::enumerator, key, base::ColumnType::type, doc},
#include "codeanatomy/schema/prop_keys.def"
};

}  // namespace

std::span<const NodeKindInfo> AllNodeKinds() { return kNodeKinds; }
std::span<const EdgeKindInfo> AllEdgeKinds() { return kEdgeKinds; }
std::span<const PropKeyInfo> AllPropKeys() { return kPropKeys; }

std::string_view Name(NodeKind kind) { return kNodeKinds[static_cast<size_t>(kind)].name; }
std::string_view Name(EdgeKind kind) { return kEdgeKinds[static_cast<size_t>(kind)].name; }
std::string_view Name(PropKey key) { return kPropKeys[static_cast<size_t>(key)].name; }
const PropKeyInfo& Info(PropKey key) { return kPropKeys[static_cast<size_t>(key)]; }

std::optional<NodeKind> ParseNodeKind(std::string_view name) {
  for (const auto& info : kNodeKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::optional<EdgeKind> ParseEdgeKind(std::string_view name) {
  for (const auto& info : kEdgeKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::string_view ValueColumn(base::ColumnType type) {
  switch (type) {
    case base::ColumnType::kString:
      return "value_str";
    case base::ColumnType::kInt32:
    case base::ColumnType::kInt64:
    case base::ColumnType::kUInt64:
      return "value_int";
    case base::ColumnType::kDouble:
      return "value_float";
    case base::ColumnType::kBool:
      return "value_bool";
    case base::ColumnType::kStringList:
      return "value_json";
  }
  CA_UNREACHABLE("column type {}", static_cast<int>(type));
}

}  // namespace codeanatomy::schema
