#include "codeanatomy/cli/command.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/interrupt.h"

namespace codeanatomy::cli {

int ExitCodeFor(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kOk:
      return 0;
    case base::StatusCode::kPolicyViolation:
      return 1;
    case base::StatusCode::kInvalidArgument:
    case base::StatusCode::kNotFound:
    case base::StatusCode::kIoError:
    case base::StatusCode::kFailedPrecondition:
      return 2;
    case base::StatusCode::kEngineError:
    case base::StatusCode::kUnimplemented:
    case base::StatusCode::kInternal:
      return 3;
  }
  return 3;
}

int Fail(const base::Status& status) {
  std::string line = status.message();
  const std::string_view advice = base::AdviceForSystemError(line);
  // Our own messages end with what to do ("…; choose a writable -o path"); DuckDB's do not.
  if (!advice.empty() && line.find("; ") == std::string::npos) line += fmt::format("; {}", advice);
  if (base::ClaimErrorLine()) std::fprintf(stderr, "codeanatomy: error: %s\n", line.c_str());
  return ExitCodeFor(status);
}

CLI::Validator IntegerIn(int64_t lo, int64_t hi, std::string_view unit) {
  const std::string range = fmt::format("an integer from {} to {}{}", lo, hi, unit);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        int64_t v = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || ptr != end || v < lo || v > hi) {
          return fmt::format("'{}' is not {}", text, range);
        }
        return "";
      },
      range);
}

CLI::Validator NumberIn(double lo, double hi, std::string_view unit) {
  const std::string range = fmt::format("a number from {} to {}{}", lo, hi, unit);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !(v >= lo && v <= hi)) {
          return fmt::format("'{}' is not {}", text, range);
        }
        return "";
      },
      range);
}

}  // namespace codeanatomy::cli
