// Helpers for end-to-end tests: run the CLI, read an output directory back through DuckDB.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace codeanatomy::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

//! Runs the codeanatomy binary with `args` (no shell), capturing stdout and stderr.
CommandResult RunCli(const std::vector<std::string>& args);

//! Runs a shell command line and returns what it wrote to stdout and stderr.
std::string RunCliShell(const std::string& command_line);

//! Rows of `sql` over an output directory whose Parquet files are views named after them.
std::vector<std::vector<std::optional<std::string>>> Query(const std::filesystem::path& out,
                                                           const std::string& sql);

//! The fixture repository tests/fixtures/<name>.
std::filesystem::path Fixture(const std::string& name);

//! The bytes of a file.
std::string Slurp(const std::filesystem::path& path);

}  // namespace codeanatomy::testing
