// codeanatomy/emit/finalize.h
//
// The finalize gate: turns a rule's raw output `<contract>_raw` into the published table
// `<contract>` under its contract (schema/tables_output.cc). Rows with NULL in a required column go
// to
// `<contract>_errors`, with the reason; exact duplicate rows collapse; two different rows sharing
// the contract's key are a hard error naming both. Every step is a plan run through the Adapter.
#pragma once

#include <cstdint>

#include "codeanatomy/base/status.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/plan/plan.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::emit {

struct FinalizeResult {
  int64_t rows = 0;
  int64_t error_rows = 0;
};

//! The gate's plans, built against a catalog that knows `<contract>_raw` (nothing executes).
//! Usually no key repeats among the raw rows: then the rows are already distinct and go out as they
//! are (`unique`), skipping the DISTINCT over every column and the collision check, which only
//! run (`good`, `collisions`) when `repeated_keys` finds a key.
struct FinalizePlans {
  plan::Plan errors;         // -> <contract>_errors: rows with a NULL required column, and why
  plan::Plan repeated_keys;  // a key that two of the other raw rows share, if any
  plan::Plan unique;         // -> <contract> when no key repeats: the other rows
  plan::Plan good;           // -> <contract> otherwise: the other rows, exact duplicates collapsed
  plan::Plan collisions;     // over <contract>: up to two rows sharing a key (must be empty)
};
base::Result<FinalizePlans> BuildFinalizePlans(const plan::Catalog& catalog,
                                               const schema::TableDef& contract);

//! Runs the gate. `catalog` must know `<contract>_raw`; the gate adds `<contract>` and
//! `<contract>_errors`.
base::Result<FinalizeResult> Finalize(engine::Adapter& adapter, plan::MapCatalog& catalog,
                                      const schema::TableDef& contract);

}  // namespace codeanatomy::emit
