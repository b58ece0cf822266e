// codeanatomy/engine/runtime_profile.h
//
// RuntimeProfile: THE single source of runtime settings — threads, memory limit, temp directory,
// determinism tier, explain capture, fallback policy and lane. Named presets are built here and
// nowhere else; the resolved profile is written to the manifest.
#pragma once

#include <cstdint>
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

//! A memory size as a user writes it: a number (decimals allowed) and a unit, B, KB, MB, GB, TB
//! (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), case-insensitive, e.g. "2GB", "500MB",
//! "1.5GiB". Anything else (no unit, zero, a negative or absurd size) is one line saying what to
//! write.
base::Result<int64_t> ParseMemorySize(std::string_view text);
//! The smallest memory size ParseMemorySize accepts (16 MB).
inline constexpr int64_t kMinMemoryLimitBytes = 16'000'000;
//! `bytes` as a human reads it: "3 GiB", "1.5 GB", "200 MB".
std::string HumanBytes(int64_t bytes);
//! The memory budget of a build when none is given: 80% of the machine's physical memory (DuckDB's
//! own default), or half the address-space limit (ulimit -v) when one is set and is less.
int64_t DefaultMemoryLimitBytes();
//! `bytes` as DuckDB's memory_limit setting reads it, exactly.
std::string DuckDbMemoryLimit(int64_t bytes);

//! The named presets: default, deterministic, debug, strict.
std::vector<std::string> ProfileNames();
//! The preset `name`, with threads defaulted to the machine's cores where the preset says so.
base::Result<RuntimeProfile> ProfileByName(std::string_view name);

}  // namespace codeanatomy::engine
