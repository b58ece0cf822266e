// codeanatomy/rules/builtins.h
//
// The builtins of the embedded interpreter's language version (CPython 3.11), for name resolution.
#pragma once

#include <span>
#include <string_view>

namespace codeanatomy::rules {

//! Sorted names of the builtins module (`len`, `print`, `ValueError`, `__name__`, …).
std::span<const std::string_view> BuiltinNames();

}  // namespace codeanatomy::rules
