// codeanatomy/engine/runtime_profile.h
//
// RuntimeProfile: THE single source of runtime settings — threads, memory limit, temp directory,
// determinism tier, explain capture, fallback policy and lane. Named presets are built here and
// nowhere else; the resolved profile is written to the manifest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::engine {

enum class ExplainMode : unsigned char { kOff, kPlan, kAnalyze };
enum class FallbackPolicy : unsigned char {
  kRecord,  // a plan that cannot run on the engine lane runs on the kernel lane; a record says why
  kStrict,  // such a plan is an error naming the rule, the output, the reason and the SQL
};
enum class Lane : unsigned char { kEngine, kKernel };
enum class Determinism : unsigned char {
  kCanonical,  // outputs sorted by their contracts' canonical keys: byte-identical across runs
  kUnordered,  // the same rows, in no promised order (skips the final sorts)
};

std::string_view Name(ExplainMode mode);
std::string_view Name(FallbackPolicy policy);
std::string_view Name(Lane lane);
std::string_view Name(Determinism determinism);

struct RuntimeProfile {
  std::string name = "default";
  //! Threads for extraction and for DuckDB.
  int threads = 1;
  //! DuckDB memory limit ("" = DuckDB's default, 80% of RAM), e.g. "4GB".
  std::string memory_limit;
  //! Where DuckDB spills ("" = DuckDB's default).
  std::string temp_directory;
  Determinism determinism = Determinism::kCanonical;
  ExplainMode explain = ExplainMode::kOff;
  FallbackPolicy policy = FallbackPolicy::kRecord;
  //! kKernel forces every plan onto the kernel lane (parity runs).
  Lane lane = Lane::kEngine;

  //! JSON object text with every field, keys sorted.
  std::string ToJson() const;
};

//! The named presets: default, deterministic, debug, strict.
std::vector<std::string> ProfileNames();
//! The preset `name`, with threads defaulted to the machine's cores where the preset says so.
base::Result<RuntimeProfile> ProfileByName(std::string_view name);

}  // namespace codeanatomy::engine
