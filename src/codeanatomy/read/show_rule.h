// codeanatomy/read/show_rule.h
//
// `codeanatomy show OUT --rule NAME`: what a rule is and how it ran, from a finished build.
#pragma once

#include <filesystem>
#include <string>

#include "codeanatomy/base/status.h"

namespace codeanatomy::read {

enum class ShowWhat : unsigned char { kPlan, kSql, kExplain };

//! What a rule is (its IR or SQL, from OUT/run_bundle) or how it ran (its EXPLAIN and execution
//! records, from OUT/manifest.json).
base::Result<std::string> ShowRule(const std::filesystem::path& out, const std::string& rule,
                                   ShowWhat what);

}  // namespace codeanatomy::read
