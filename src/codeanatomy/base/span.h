// codeanatomy/base/span.h
//
// Byte spans into a file's canonical text (UTF-8, no BOM): end-exclusive INT64 offsets.
#pragma once

#include <cstdint>

namespace codeanatomy::base {

struct ByteSpan {
  int64_t start_byte = 0;
  int64_t end_byte = 0;  // exclusive

  int64_t length() const { return end_byte - start_byte; }
  bool empty() const { return end_byte <= start_byte; }
  //! True when `inner` lies within this span (equal spans contain each other).
  bool Contains(const ByteSpan& inner) const {
    return start_byte <= inner.start_byte && inner.end_byte <= end_byte;
  }
  bool Overlaps(const ByteSpan& other) const {
    return other.end_byte > start_byte && other.start_byte < end_byte;
  }
  bool operator==(const ByteSpan&) const = default;
};

}  // namespace codeanatomy::base
