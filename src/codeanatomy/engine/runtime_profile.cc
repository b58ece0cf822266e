#include "codeanatomy/engine/runtime_profile.h"

#include <nlohmann/json.hpp>

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
