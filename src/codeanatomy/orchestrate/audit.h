// codeanatomy/orchestrate/audit.h
//
// The coverage audit of every shipped rule and finalize gate (`codeanatomy rules [--audit]`).
#pragma once

#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::orchestrate {

struct AuditEntry {
  std::string name;
  std::string kind;  // rule | finalize
  std::vector<std::string> inputs;
  std::string output;
  std::string contract;  // the output contract the rows feed ("" for intermediate datasets)
  //! "engine" when the plan lowers to SQL; otherwise "kernel" and the reason.
  std::string lane;
  std::string reason;
  std::string doc;
};

//! Every registered rule and finalize gate, built against the declared evidence schemas (nothing
//! executes), with its lane coverage under the default profile.
base::Result<std::vector<AuditEntry>> AuditRules();

}  // namespace codeanatomy::orchestrate
