// codeanatomy/plan/sql.h
//
// Lowering of a Plan to one DuckDB SQL statement: each node becomes a CTE (shared subplans once),
// the root is the main SELECT (so a root Sort keeps its order), winner-select becomes
// `QUALIFY row_number() ...`, interval-align a range join, explode `UNNEST`, and a recursive
// fixpoint `WITH RECURSIVE ... UNION`. Projected expressions are cast to their inferred types, so
// the result's schema is exactly plan.schema().
#pragma once

#include <string>

#include "codeanatomy/base/status.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::plan {

//! The SQL for `plan`, or kUnimplemented naming the construct that has no SQL lowering.
base::Result<std::string> LowerToSql(const Plan& plan);

}  // namespace codeanatomy::plan
