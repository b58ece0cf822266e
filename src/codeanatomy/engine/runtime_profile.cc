#include "codeanatomy/engine/runtime_profile.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include "codeanatomy/base/parallel.h"

namespace codeanatomy::engine {

std::string_view Name(ExplainMode mode) {
  switch (mode) {
    case ExplainMode::kOff:
      return "off";
    case ExplainMode::kPlan:
      return "plan";
    case ExplainMode::kAnalyze:
      return "analyze";
  }
  CA_UNREACHABLE("explain mode {}", static_cast<int>(mode));
}

std::string_view Name(FallbackPolicy policy) {
  switch (policy) {
    case FallbackPolicy::kRecord:
      return "record";
    case FallbackPolicy::kStrict:
      return "strict";
  }
  CA_UNREACHABLE("policy {}", static_cast<int>(policy));
}

std::string_view Name(Lane lane) {
  switch (lane) {
    case Lane::kEngine:
      return "engine";
    case Lane::kKernel:
      return "kernel";
  }
  CA_UNREACHABLE("lane {}", static_cast<int>(lane));
}

std::string_view Name(Determinism determinism) {
  switch (determinism) {
    case Determinism::kCanonical:
      return "canonical";
    case Determinism::kUnordered:
      return "unordered";
  }
  CA_UNREACHABLE("determinism {}", static_cast<int>(determinism));
}

std::string RuntimeProfile::ToJson() const {
  nlohmann::json j = {
      {"name", name},
      {"threads", threads},
      {"memory_limit", memory_limit},
      {"temp_directory", temp_directory},
      {"determinism", Name(determinism)},
      {"explain", Name(explain)},
      {"policy", Name(policy)},
      {"lane", Name(lane)},
  };
  return j.dump();
}

base::Result<int64_t> ParseMemorySize(std::string_view text) {
  auto bad = [&] {
    return base::Status::InvalidArgument(
        "'{}' is not a memory size; write a number and a unit, e.g. 2GB, 500MB or 1.5GiB", text);
  };
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + i, number);
  if (i == 0 || ec != std::errc() || end != text.data() + i) return bad();
  std::string unit;
  for (char c : text.substr(i)) {
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const std::pair<const char*, double> kUnits[] = {
      {"b", 1},           {"kb", 1e3},           {"mb", 1e6},
      {"gb", 1e9},        {"tb", 1e12},          {"kib", 1024.0},
      {"mib", 1048576.0}, {"gib", 1073741824.0}, {"tib", 1099511627776.0}};
  const auto* u = std::find_if(std::begin(kUnits), std::end(kUnits),
                               [&](const auto& k) { return unit == k.first; });
  if (u == std::end(kUnits)) return bad();
  const double bytes = std::round(number * u->second);
  // DuckDB needs a few MB of its own to run at all (it crashes opening with a few KB).
  if (!(bytes >= kMinMemoryLimitBytes) || bytes > 1e15) {
    return base::Status::InvalidArgument(
        "memory size '{}' is out of range; give at least 16MB and at most 1000TB, e.g. 2GB", text);
  }
  return static_cast<int64_t>(bytes);
}

std::string HumanBytes(int64_t bytes) {
  const double b = static_cast<double>(bytes);
  auto trim = [](std::string s) {  // "3.00" -> "3", "1.50" -> "1.5"
    if (s.find('.') == std::string::npos) return s;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  };
  if (bytes >= (int64_t{1} << 30) && bytes % (int64_t{1} << 20) == 0) {
    return trim(fmt::format("{:.2f}", b / (1 << 30))) + " GiB";
  }
  if (bytes >= (int64_t{1} << 20) && bytes % (int64_t{1} << 20) == 0) {
    return trim(fmt::format("{:.2f}", b / (1 << 20))) + " MiB";
  }
  if (b >= 1e9) return trim(fmt::format("{:.2f}", b / 1e9)) + " GB";
  if (b >= 1e6) return trim(fmt::format("{:.1f}", b / 1e6)) + " MB";
  if (b >= 1e3) return trim(fmt::format("{:.1f}", b / 1e3)) + " KB";
  return fmt::format("{} B", bytes);
}

int64_t DefaultMemoryLimitBytes() {
  // 80% of the machine's memory, DuckDB's own default: a lower default (3 GiB was tried) makes
  // the value-flow fixpoint fail on SymPy and ansible, which DuckDB cannot spill enough of.
  int64_t limit = int64_t{3} << 30;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page_size > 0) limit = static_cast<int64_t>(pages) * page_size / 5 * 4;
  // Under an address-space limit DuckDB must spill before an allocation fails.
  struct rlimit address_space {};
  if (::getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY) {
    limit = std::min(limit, static_cast<int64_t>(address_space.rlim_cur / 2));
  }
  return limit;
}

std::string DuckDbMemoryLimit(int64_t bytes) { return fmt::format("{}B", bytes); }

std::vector<std::string> ProfileNames() { return {"default", "deterministic", "debug", "strict"}; }

base::Result<RuntimeProfile> ProfileByName(std::string_view name) {
  RuntimeProfile p;
  p.name = std::string(name);
  if (name == "default") {
    p.threads = base::HardwareThreads();
  } else if (name == "deterministic") {
    // One thread everywhere: the reference run for parity checks.
    p.threads = 1;
  } else if (name == "debug") {
    p.threads = base::HardwareThreads();
    p.explain = ExplainMode::kPlan;
  } else if (name == "strict") {
    p.threads = base::HardwareThreads();
    p.policy = FallbackPolicy::kStrict;
  } else {
    std::string known;
    for (const auto& n : ProfileNames()) known += (known.empty() ? "" : ", ") + n;
    return base::Status::InvalidArgument("unknown profile '{}'; choose one of: {}", name, known);
  }
  return p;
}

}  // namespace codeanatomy::engine
