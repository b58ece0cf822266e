// codeanatomy/engine/kernel_lane.h
//
// The kernel lane: a small, obviously-correct in-process evaluator of every plan operator and
// function, with SQL semantics (NULL propagation, three-valued logic). It is the fallback for plans
// the engine lane cannot run and the reference the engine lane is tested against — not a speed
// path.
#pragma once

#include <functional>
#include <string_view>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::engine {

using TableReader = std::function<base::Result<base::Table>(std::string_view table)>;

//! Evaluates `plan`, reading scanned tables through `read`. The result has exactly plan.schema()'s
//! names and types.
base::Result<base::Table> EvaluateOnKernelLane(const plan::Plan& plan, const TableReader& read);

}  // namespace codeanatomy::engine
