#!/usr/bin/env bash
# Every C/C++ source of ours is formatted as .clang-format says (clang-format 14, Debian 12's).
# Fails naming the offending lines; fix them with
#   git ls-files -z '*.c' '*.cc' '*.h' ':!:third_party/**' | xargs -0 clang-format -i
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v clang-format >/dev/null 2>&1 \
  || { echo "clang-format is not installed (scripts/setup installs it)"; exit 2; }
files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked sources and new ones not yet committed; third_party/ and build trees are not ours.
  while IFS= read -r -d '' f; do
    [ -f "$f" ] && files+=("$f")
  done < <(git ls-files -z --cached --others --exclude-standard -- '*.c' '*.cc' '*.h' \
    ':!:third_party/**' ':!:build/**')
else  # an export without .git
  while IFS= read -r -d '' f; do files+=("$f"); done \
    < <(find src tests bench \( -name '*.c' -o -name '*.cc' -o -name '*.h' \) -print0)
fi
clang-format --dry-run -Werror "${files[@]}"
echo "ok: ${#files[@]} sources formatted as .clang-format says"
