// codeanatomy/schema/kinds.h
//
// NodeKind, EdgeKind and PropKey, generated from node_kinds.def, edge_kinds.def and prop_keys.def.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "codeanatomy/base/table.h"

namespace codeanatomy::schema {

enum class NodeKind : unsigned char {
#define CA_NODE_KIND(enumerator, name, doc) enumerator,
#include "codeanatomy/schema/node_kinds.def"
};

enum class EdgeKind : unsigned char {
#define CA_EDGE_KIND(enumerator, name, doc) enumerator,
#include "codeanatomy/schema/edge_kinds.def"
};

enum class PropKey : unsigned char {
#define CA_PROP_KEY(enumerator, key, type, doc) enumerator,
#include "codeanatomy/schema/prop_keys.def"
};

struct NodeKindInfo {
  NodeKind kind;
  std::string_view name;
  std::string_view doc;
};
struct EdgeKindInfo {
  EdgeKind kind;
  std::string_view name;
  std::string_view doc;
};
struct PropKeyInfo {
  PropKey key;
  std::string_view name;
  base::ColumnType type;
  std::string_view doc;
};

std::span<const NodeKindInfo> AllNodeKinds();
std::span<const EdgeKindInfo> AllEdgeKinds();
std::span<const PropKeyInfo> AllPropKeys();

std::string_view Name(NodeKind kind);
std::string_view Name(EdgeKind kind);
std::string_view Name(PropKey key);
const PropKeyInfo& Info(PropKey key);
//! The cpg_props column holding a value of a key of this type: value_str, value_int, value_float,
//! value_bool or value_json.
std::string_view ValueColumn(base::ColumnType type);
std::optional<NodeKind> ParseNodeKind(std::string_view name);
std::optional<EdgeKind> ParseEdgeKind(std::string_view name);

}  // namespace codeanatomy::schema
