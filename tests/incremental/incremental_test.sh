#!/usr/bin/env bash
# tests/incremental/incremental_test.sh BINARY — incremental builds are exact (issue 16).
#
# A copy of tests/corpus/package_reexports is built, then changed a step at a time: a file edited,
# one added, one deleted, one renamed, a re-exported name removed from an __init__.py (which
# changes what other files resolve to). After each step the tree is built twice: into the same OUT
# (reusing the evidence of the unchanged files) and with --full into another directory; every file
# of the two outputs must be the same bytes, except those that describe the run rather than the
# graph: manifest.json and run_bundle/ (times, the output path, the manifest's `reuse`) and cache/
# (the evidence cache, written in the session's row order, which DuckDB does not keep). The two
# builds use different thread counts, so the output must not depend on them either. Then a damaged
# cache, a key of another tool version, of another repository and of another configuration must be
# refused with the reason in the manifest — and the output still be the full build's.
set -euo pipefail
BIN="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS="$HERE/../corpus/package_reexports"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
REPO="$WORK/repo"
OUT="$WORK/out"
mkdir -p "$REPO"
(cd "$CORPUS" && find . -name '*.py' -exec cp --parents {} "$REPO/" \;)
# Every output the build can write: the graph, the evidence tables and every rule's table.
OUTPUTS=cpg_nodes,cpg_edges,cpg_props,diagnostics,callgraph,class_mro,file_text,taint_flows,evidence,derived

fail() { echo "incremental_test: $*" >&2; exit 1; }

# same_output A B: every published file of A and B, but the run-specific ones, is the same bytes.
same_output() {
  local a="$1" b="$2" list_a list_b
  list_a="$(cd "$a" && find . -type f ! -path './manifest.json' ! -path './run_bundle/*' \
    ! -path './cache/*' | sort)"
  list_b="$(cd "$b" && find . -type f ! -path './manifest.json' ! -path './run_bundle/*' \
    ! -path './cache/*' | sort)"
  [ "$list_a" = "$list_b" ] || { diff <(echo "$list_a") <(echo "$list_b") >&2; return 1; }
  [ "$(echo "$list_a" | grep -c '\.parquet$')" -ge 10 ] || { echo "too few files" >&2; return 1; }
  local f
  for f in $list_a; do
    cmp -s "$a/$f" "$b/$f" || { echo "differs: $f" >&2; return 1; }
  done
}

# reuse OUT FIELD=VALUE...: the manifest's reuse section has these values (JSON literals).
reuse() {
  local out="$1"
  shift
  python3 - "$out/manifest.json" "$@" <<'PY'
import json, sys
reuse = json.load(open(sys.argv[1]))["reuse"]
for pair in sys.argv[2:]:
    field, value = pair.split("=", 1)
    if reuse.get(field) != json.loads(value):
        sys.exit(f"manifest reuse.{field} is {json.dumps(reuse.get(field))}, expected {value}: "
                 f"{json.dumps(reuse)}")
PY
}

STEP=0
# step NAME [build flags...]: incremental build into OUT (2 threads), full build into its own
# directory (1 thread), same bytes.
step() {
  local name="$1"
  shift
  STEP=$((STEP + 1))
  "$BIN" build "$REPO" -o "$OUT" --outputs "$OUTPUTS" --threads 2 -q "$@" \
    || fail "$name: incremental build failed"
  "$BIN" build "$REPO" -o "$WORK/full$STEP" --outputs "$OUTPUTS" --threads 1 --full -q "$@" \
    || fail "$name: full build failed"
  reuse "$WORK/full$STEP" 'refused="full"' >/dev/null || fail "$name: --full reused a cache"
  same_output "$OUT" "$WORK/full$STEP" || fail "$name: incremental output differs from a full build"
}

# 0. First build: no cache yet.
step first
reuse "$OUT" 'refused="no_cache"' || fail "first build"
[ -f "$OUT/cache/key.json" ] || fail "no cache/key.json written"

# 1. Nothing changed: every file reused.
step unchanged
reuse "$OUT" 'used=true' 'files_extracted=0' 'files_reused=7' 'files_dropped=0' || fail unchanged

# 2. One function edited.
sed -i 's/return a.x \* b.x + a.y \* b.y/return a.x * b.x + a.y * b.y + 0/' "$REPO/geometry/vectors.py"
grep -q '+ 0' "$REPO/geometry/vectors.py" || fail "edit did not apply"
step edit
reuse "$OUT" 'used=true' 'files_extracted=1' 'files_reused=6' 'extracted=["geometry/vectors.py"]' \
  || fail edit

# 3. A file added, calling into the package.
cat >"$REPO/geometry/extra.py" <<'EOF'
from .vectors import Vector, dot


def norm2(v: Vector):
    return dot(v, v)
EOF
step add
reuse "$OUT" 'used=true' 'files_extracted=1' 'files_reused=7' 'extracted=["geometry/extra.py"]' \
  || fail add

# 4. A file deleted (app.py's import of it no longer resolves).
rm "$REPO/geometry/units.py"
step delete
reuse "$OUT" 'used=true' 'files_extracted=0' 'files_reused=7' 'files_dropped=1' || fail delete

# 5. A file renamed, and its importer updated.
mv "$REPO/geometry/shapes/angular.py" "$REPO/geometry/shapes/square.py"
sed -i 's/from .angular import/from .square import/' "$REPO/geometry/shapes/__init__.py"
step rename
reuse "$OUT" 'used=true' 'files_extracted=2' 'files_reused=5' 'files_dropped=1' \
  'extracted=["geometry/shapes/__init__.py","geometry/shapes/square.py"]' || fail rename

# 6. A re-exported name removed from an __init__.py: app.py (unchanged, reused) now resolves
# `dot` differently. The graph must change — so the comparison can tell outputs apart — and still
# be the full build's.
BEFORE="$WORK/full$STEP"
sed -i 's/from .vectors import Vector, dot/from .vectors import Vector/; s/"dot", //' \
  "$REPO/geometry/__init__.py"
step reexport
reuse "$OUT" 'used=true' 'files_extracted=1' 'extracted=["geometry/__init__.py"]' || fail reexport
if same_output "$OUT" "$BEFORE" 2>/dev/null; then
  fail "removing a re-export changed no output: the comparison cannot tell builds apart"
fi
cmp -s "$OUT/cpg_edges.parquet" "$BEFORE/cpg_edges.parquet" \
  && fail "removing a re-export did not change cpg_edges"

# 7. A damaged cache (a truncated cache file) is refused and the build is still exact.
victim="$(ls "$OUT"/cache/*.parquet | head -1)"
truncate -s 100 "$victim"
echo "# touched" >>"$REPO/app.py"
step truncated
reuse "$OUT" 'used=false' 'refused="corrupt"' 'files_reused=0' 'files_extracted=7' \
  || fail "truncated cache"
# The refused cache was replaced by a good one: the next build reuses it.
step after_truncated
reuse "$OUT" 'used=true' 'files_extracted=0' || fail "after a refused cache"

# 8. A key that is not JSON.
echo '{"format": 1, "files": ' >"$OUT/cache/key.json"
step garbled_key
reuse "$OUT" 'refused="corrupt"' || fail "garbled key"

# 8b. A key whose table entry lacks a field.
python3 - "$OUT/cache/key.json" <<'PY'
import json, sys
key = json.load(open(sys.argv[1]))
del key["tables"][sorted(key["tables"])[0]]["file"]
json.dump(key, open(sys.argv[1], "w"))
PY
step key_without_field
reuse "$OUT" 'refused="corrupt"' || fail "key without a field"

# 9. A cache of another tool version.
python3 - "$OUT/cache/key.json" <<'PY'
import json, sys
key = json.load(open(sys.argv[1]))
key["tool"] = "codeanatomy 0.0.0 elsewhere"
json.dump(key, open(sys.argv[1], "w"))
PY
step other_version
reuse "$OUT" 'refused="version"' 'files_extracted=7' || fail "other version"

# 10. A cache of another configuration (--ast extracts more tables) is refused; a second --ast
# build reuses the --ast cache; going back is refused again.
step ast_on --ast
reuse "$OUT" 'refused="configuration"' || fail "configuration (ast on)"
echo "x = 1" >"$REPO/geometry/late.py"
step ast_again --ast
reuse "$OUT" 'used=true' 'files_extracted=1' || fail "ast again"
step ast_off
reuse "$OUT" 'refused="configuration"' || fail "configuration (ast off)"

# 11. The cache of another repository (same files, another root) is refused.
cp -r "$REPO" "$WORK/repo2"
"$BIN" build "$WORK/repo2" -o "$OUT" --outputs "$OUTPUTS" -q || fail "build of repo2"
reuse "$OUT" 'refused="repository"' || fail "other repository"

echo "incremental_test: $STEP steps, incremental output identical to full builds"
