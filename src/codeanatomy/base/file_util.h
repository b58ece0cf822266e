// codeanatomy/base/file_util.h
//
// Whole-file reads and writes with Status errors that name the path.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "codeanatomy/base/status.h"

namespace codeanatomy::base {

Result<std::string> ReadFile(const std::filesystem::path& path);
//! Writes `contents` to `path`, replacing it (write to a sibling temporary, fsync, rename).
Status WriteFile(const std::filesystem::path& path, std::string_view contents);

//! What to do about an environment failure, recognised by the system's error text in `message`
//! (strerror, as DuckDB and std::filesystem quote it too): "" when none is recognised.
std::string_view AdviceForSystemError(std::string_view message);

}  // namespace codeanatomy::base
