#!/usr/bin/env bash
# Only engine/ may send SQL to DuckDB (docs/ARCHITECTURE.md: one way to run a plan). This check fails when any other source file
# calls a DuckDB entry point that runs or loads statements, or includes duckdb.h (base/'s RAII
# handles are the one exception: they only release handles).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
pattern='duckdb_(query|prepare|execute|pending|extract_statements|appender_create|append_|register_|create_scalar|table_function|replacement_scan|arrow_scan)'
offenders=$(grep -rEn "$pattern" src tests --include='*.cc' --include='*.h' \
  | grep -v '^src/codeanatomy/engine/' | grep -v '^src/codeanatomy/base/duckdb_handles.h:' || true)
includes=$(grep -rEn '#include <duckdb.h>' src tests --include='*.cc' --include='*.h' \
  | grep -v '^src/codeanatomy/engine/' | grep -v '^src/codeanatomy/base/duckdb_handles.h:' || true)
if [ -n "$offenders$includes" ]; then
  echo "SQL must only be sent from src/codeanatomy/engine/ (run plans through engine::Adapter):"
  [ -n "$offenders" ] && echo "$offenders"
  [ -n "$includes" ] && echo "$includes"
  exit 1
fi
echo "ok: no code outside engine/ talks to DuckDB"
