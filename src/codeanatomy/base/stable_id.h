// codeanatomy/base/stable_id.h
//
// The stable-ID hash: XXH3-64 (seed 0) over a canonical encoding of a tuple of parts.
//
// Canonical encoding, part by part:
//   NULL  -> byte 0x00
//   text  -> byte 0x01, 4-byte little-endian length, the UTF-8 bytes
// Integers are parts in their shortest decimal text ("-12", "0"); booleans are "true" / "false".
// The DuckDB scalar function `stable_id(VARCHAR, ...)` registered by engine/ hashes exactly this
// encoding (its arguments are cast to VARCHAR, which renders integers and booleans the same way),
// so IDs computed in SQL and in C++ agree byte for byte.
//
// By convention the first part is a kind tag ("cst_def", "file", …) naming what is identified.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace codeanatomy::base {

class StableIdBuilder {
 public:
  StableIdBuilder();
  StableIdBuilder(const StableIdBuilder&) = delete;
  StableIdBuilder& operator=(const StableIdBuilder&) = delete;

  StableIdBuilder& Add(std::string_view text);
  StableIdBuilder& Add(const char* text) { return Add(std::string_view(text)); }
  StableIdBuilder& Add(int64_t value);
  StableIdBuilder& Add(int value) { return Add(static_cast<int64_t>(value)); }
  StableIdBuilder& Add(uint64_t value);
  StableIdBuilder& Add(bool value) { return Add(std::string_view(value ? "true" : "false")); }
  StableIdBuilder& AddNull();
  template <typename T>
  StableIdBuilder& Add(const std::optional<T>& value) {
    return value ? Add(*value) : AddNull();
  }
  uint64_t Finish() const;

  //! The encoding's length so far: Rewind(Mark()) later drops the parts added in between, so one
  //! builder hashes many IDs sharing a prefix (kind tag, path) without allocating.
  size_t Mark() const { return bytes_.size(); }
  StableIdBuilder& Rewind(size_t mark) {
    bytes_.resize(mark);
    return *this;
  }

 private:
  std::string bytes_;  // the canonical encoding so far; hashed once in Finish()
};

//! StableId("cst_def", path, start, end) — the common case in one call.
template <typename... Parts>
uint64_t StableId(const Parts&... parts) {
  StableIdBuilder builder;
  (builder.Add(parts), ...);
  return builder.Finish();
}

}  // namespace codeanatomy::base
