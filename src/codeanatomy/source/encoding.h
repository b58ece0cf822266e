// codeanatomy/source/encoding.h
//
// Canonical text: a file's bytes decoded per PEP 263 and re-encoded as UTF-8 without BOM.
#pragma once

#include <string>
#include <string_view>

namespace codeanatomy::source {

//! True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace codeanatomy::source
