#include "codeanatomy/base/stable_id.h"

#include <charconv>

#include <xxhash.h>

namespace codeanatomy::base {

StableIdBuilder::StableIdBuilder() { bytes_.reserve(96); }

StableIdBuilder& StableIdBuilder::Add(std::string_view text) {
  unsigned char header[5];
  header[0] = 0x01;
  const auto length = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) header[1 + i] = static_cast<unsigned char>(length >> (8 * i));
  bytes_.append(reinterpret_cast<const char*>(header), sizeof(header));
  bytes_.append(text);
  return *this;
}

StableIdBuilder& StableIdBuilder::Add(int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return Add(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

StableIdBuilder& StableIdBuilder::Add(uint64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return Add(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

StableIdBuilder& StableIdBuilder::AddNull() {
  bytes_.push_back('\0');
  return *this;
}

uint64_t StableIdBuilder::Finish() const { return XXH3_64bits(bytes_.data(), bytes_.size()); }

}  // namespace codeanatomy::base
