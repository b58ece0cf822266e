#include "codeanatomy/read/show_rule.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "codeanatomy/base/file_util.h"

namespace codeanatomy::read {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

Result<std::string> ShowRule(const fs::path& out, const std::string& rule, ShowWhat what) {
  std::error_code ec;
  if (!fs::exists(out / "manifest.json", ec)) {
    return Status::InvalidArgument("'{}' is not a CodeAnatomy output directory (no manifest.json)",
                                   out.string());
  }
  CA_ASSIGN_OR_RETURN(std::string text, base::ReadFile(out / "manifest.json"));
  nlohmann::json manifest = nlohmann::json::parse(text, nullptr, false);
  if (manifest.is_discarded()) {
    return Status::InvalidArgument("{}/manifest.json is not valid JSON", out.string());
  }
  bool known = false;
  std::string names;
  for (const auto& r : manifest["rules"]) {
    known |= r["name"] == rule;
    names += (names.empty() ? "" : ", ") + r["name"].get<std::string>();
  }
  if (!known) return Status::NotFound("no rule named '{}' in this run; rules: {}", rule, names);
  switch (what) {
    case ShowWhat::kPlan:
      return base::ReadFile(out / "run_bundle" / "rules" / (rule + ".ir.txt"));
    case ShowWhat::kSql:
      return base::ReadFile(out / "run_bundle" / "rules" / (rule + ".sql"));
    case ShowWhat::kExplain: {
      std::string shown;
      for (const auto& e : manifest["executions"]) {
        if (e["rule"] != rule) continue;
        shown += fmt::format(
            "-- output {}: lane {}, {} rows, {:.1f} ms{}\n", e["output"].get<std::string>(),
            e["lane"].get<std::string>(), e["rows"].get<int64_t>(), e["elapsed_ms"].get<double>(),
            e["fallback"].is_null() ? ""
                                    : ", fallback: " + e["fallback"]["reason"].get<std::string>() +
                                          " (" + e["fallback"]["detail"].get<std::string>() + ")");
        shown += e["explain"].is_null()
                     ? "(no EXPLAIN captured: rebuild with --explain or --explain=analyze)\n"
                     : e["explain"].get<std::string>() + "\n";
      }
      if (shown.empty()) shown = "(the rule did not run in this build: see the manifest's tasks)\n";
      return shown;
    }
  }
  CA_UNREACHABLE("show what");
}

}  // namespace codeanatomy::read
