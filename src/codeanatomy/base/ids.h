// codeanatomy/base/ids.h
//
// Strong 64-bit ID types. Every ID is a stable hash of a canonical tuple (see stable_id.h), never a
// visit order, an address or a row number. Distinct tag types keep a FileId from becoming a NodeId.
#pragma once

#include <cstdint>
#include <functional>

namespace codeanatomy::base {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(uint64_t value) : value_(value) {}
  constexpr uint64_t value() const { return value_; }
  constexpr bool operator==(const StrongId&) const = default;
  constexpr auto operator<=>(const StrongId&) const = default;

 private:
  uint64_t value_ = 0;
};

struct FileIdTag {};
struct NodeIdTag {};
struct EdgeIdTag {};
using FileId = StrongId<FileIdTag>;
using NodeId = StrongId<NodeIdTag>;
using EdgeId = StrongId<EdgeIdTag>;

}  // namespace codeanatomy::base

template <typename Tag>
struct std::hash<codeanatomy::base::StrongId<Tag>> {
  size_t operator()(const codeanatomy::base::StrongId<Tag>& id) const noexcept {
    return std::hash<uint64_t>()(id.value());
  }
};
