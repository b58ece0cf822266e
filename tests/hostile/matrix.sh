#!/usr/bin/env bash
# tests/hostile/matrix.sh — the hostile-input matrix (issue 19). Each case builds (or reads)
# something hostile and checks its expected outcome: exit code, the one line on stderr, the
# diagnostics, the rows, what is left on disk. ctest runs one test per case (tests/CMakeLists.txt).
#
# Cost cases run under an address-space limit (ulimit -v, per process), so a case whose cost is not
# linear in its input fails here instead of exhausting the machine. After every successful build
# the matrix also checks agreement with CPython: no file may have a CST syntax error unless CPython
# 3.11 reports a syntax error for it too (tree-sitter's grammar is more lenient than CPython's —
# Python 2 prints, 3.12 syntax — never the other way round).
#
#   matrix.sh BINARY --list      the case names
#   matrix.sh BINARY CASE...     run these cases; non-zero exit when one fails
#
# Cases of `codeanatomy query` (hostile SQL, corrupt Parquet, …) belong to the query command's own
# section below (issue 17).
set -uo pipefail

BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MINI="$ROOT/tests/fixtures/mini_pkg"
STDLIB=/usr/lib/python3.11
MEMORY_KB=2000000  # the address-space limit of the cost cases: 2 GB per process

W=""      # the case's scratch directory
RC=0      # exit code of the last run
FAILED=0

fail() {
  echo "FAIL: $*" >&2
  FAILED=1
}
check() {  # check DESCRIPTION ACTUAL EXPECTED
  if [ "$2" != "$3" ]; then fail "$1: got '$2', expected '$3'"; fi
}
check_ge() {  # check_ge DESCRIPTION ACTUAL MIN
  if ! [ "$2" -ge "$3" ] 2>/dev/null; then fail "$1: got '$2', expected at least $3"; fi
}

# run [--limit KB] ARGS... — runs the binary, stdout to $W/stdout, stderr to $W/stderr; sets RC.
run() {
  local limit=""
  if [ "$1" = --limit ]; then
    limit="$2"
    shift 2
  fi
  (
    [ -n "$limit" ] && ulimit -v "$limit"
    exec "$BIN" "$@"
  ) >"$W/stdout" 2>"$W/stderr"
  RC=$?
}
# as_nobody ARGS... — run, as an unprivileged user when we are root (root reads everything).
as_nobody() {
  if [ "$(id -u)" != 0 ]; then
    run "$@"
    return
  fi
  local bin="$BIN" libs=""
  if ! setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" --version >/dev/null 2>&1; then
    # The build tree is private (a clone in a mode-0700 temporary directory): run a copy of the
    # binary, with the libraries it loads from outside the system's directories beside it.
    libs="$(mktemp -d /tmp/ca-hostile-bin.XXXXXX)"
    cp "$BIN" "$libs/"
    ldd "$BIN" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
      case "$lib" in
        /lib/* | /usr/lib/*) ;;
        *) cp "$lib" "$libs/" ;;
      esac
    done
    chmod -R a+rX "$libs"
    bin="$libs/$(basename "$BIN")"
  fi
  LD_LIBRARY_PATH="$libs" setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" "$@" \
    >"$W/stdout" 2>"$W/stderr"
  RC=$?
  if [ -n "$libs" ]; then rm -rf "$libs"; fi
}
# build [--limit KB] REPO OUT [FLAGS...]
build() {
  local limit=()
  if [ "$1" = --limit ]; then
    limit=(--limit "$2")
    shift 2
  fi
  local repo="$1" out="$2"
  shift 2
  run "${limit[@]}" build "$repo" -o "$out" -q --threads 2 "$@"
}
# q OUT SQL — the result as CSV without its header.
q() { "$BIN" query "$1" "$2" --format csv | tail -n +2; }

expect_rc() {
  check "exit code" "$RC" "$1"
  if [ "$RC" != "$1" ]; then sed 's/^/  stderr: /' "$W/stderr" | head -5 >&2; fi
}
# expect_line REGEX — stderr is exactly one line, matching REGEX (grep -E).
expect_line() {
  check "lines on stderr" "$(wc -l <"$W/stderr")" 1
  grep -qE "$1" "$W/stderr" || fail "stderr '$(cat "$W/stderr")' does not match /$1/"
}
expect_ok() {
  expect_rc 0
  check "stderr" "$(cat "$W/stderr")" ""
  agreement "$1"
}
# No CST syntax error where CPython parses the file.
agreement() {
  local false_errors
  false_errors=$(q "$1" "SELECT DISTINCT path FROM diagnostics WHERE code IN ('CST_SYNTAX_ERROR',
      'CST_MISSING_TOKEN') AND path NOT IN (SELECT path FROM diagnostics WHERE code IN
      ('PY_SYNTAX_ERROR', 'PY_NULL_BYTES'))")
  check "files with CST syntax errors CPython accepts" "$false_errors" ""
}
no_staging() {  # no_staging DIR — nothing a build stages is left in DIR
  local left
  left=$(find "$1" -maxdepth 1 -name '.*codeanatomy-tmp-*' | wc -l)
  check "staging directories left in $1" "$left" 0
}
diag_count() { q "$1" "SELECT count(*) FROM diagnostics WHERE code = '$2'"; }

# A repository of one generated file: python3 writes it (exactly: newline='' keeps \r).
one_file_repo() {  # one_file_repo DIR PYTHON_EXPR_OF_THE_TEXT
  mkdir -p "$1"
  python3 -c "import sys; open(sys.argv[1], 'w', newline='', encoding='utf-8').write($2)" \
    "$1/hostile.py"
}

# --- Cost: linear in the input, whatever the input -----------------------------------------------
# Before issue 19: 20,000 chained calls took 2.5 GB, 100,000 exhausted 24 GB; 6,000 nested lambdas
# 2.9 GB; 3,000 nested comprehensions 1 GB; a 5 MB literal list 2 GB. Peak RSS measured since (the
# whole build, workers included; 66 MB for a one-line file), at half size and at the size below:
# calls 166 / 240 MB, attributes 132 / 180 MB, methods 146 / 215 MB, lambdas 119 / 158 MB,
# comprehensions 103 / 104 MB (past the budget), literal list 410 / 791 MB: linear in the input.

case_cost_calls_20k() {
  one_file_repo "$W/r" "'x = f' + '()' * 20000 + '\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "call sites" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'CALL_SITE'")" 20000
  check "longest callee_text" \
    "$(q "$W/out" "SELECT max(length(value_str)) <= 128 FROM cpg_props WHERE prop_key = 'callee_text'")" true
}
case_cost_calls_100k() {
  one_file_repo "$W/r" "'x = f' + '()' * 100000 + '\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "call sites" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'CALL_SITE'")" 100000
}
case_cost_attributes_100k() {
  one_file_repo "$W/r" "'x = a' + '.b' * 100000 + '\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "attribute refs" \
    "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'ATTRIBUTE_REF'")" 100000
}
case_cost_methods_50k() {
  one_file_repo "$W/r" "'x = a' + '.m()' * 50000 + '\n'"  # 200 KB
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "call sites" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'CALL_SITE'")" 50000
}
case_cost_lambdas_6000() {
  one_file_repo "$W/r" "'x = ' + 'lambda: ' * 6000 + '0\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  # Past its budget the file keeps the lambdas that fit, and says so.
  check "budget warnings" "$(diag_count "$W/out" CST_BUDGET_EXCEEDED)" 1
  check_ge "lambdas kept" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'LAMBDA'")" 500
}
case_cost_lambda_references_3000() {
  # Each lambda reads `a`, bound 3,000 scopes up: name resolution's walk up the scopes is charged.
  one_file_repo "$W/r" "'def f(a):\n    return ' + 'lambda: (a, ' * 3000 + '0' + ')' * 3000 + '\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "budget warnings" "$(diag_count "$W/out" CST_BUDGET_EXCEEDED)" 1
}
case_cost_comprehensions_3000() {
  one_file_repo "$W/r" "'x = ' + '[' * 3000 + '0' + ' for a in b]' * 3000 + '\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "budget warnings" "$(diag_count "$W/out" CST_BUDGET_EXCEEDED)" 1
  check "CPython's verdict" "$(diag_count "$W/out" PY_SYNTAX_ERROR)" 1  # too many nested parentheses
}
case_cost_literal_list_5mb() {
  one_file_repo "$W/r" "'x = [' + ', '.join(str(i) for i in range(700000)) + ']\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
  check "diagnostics" "$(q "$W/out" "SELECT count(*) FROM diagnostics")" 0
}
case_cost_nested_parentheses_100k() {
  one_file_repo "$W/r" "'x = ' + '(' * 100000 + '1' + ')' * 100000 + '\n'"
  build --limit $MEMORY_KB "$W/r" "$W/out"
  expect_ok "$W/out"
}

# --- Syntax: no false errors -----------------------------------------------------------------------

case_syntax_lone_cr() {
  # 600 KB of `aN = N\r`: one CST error per line before.
  one_file_repo "$W/r" "''.join(f'a{i} = {i}\r' for i in range(60000))"
  build "$W/r" "$W/out"
  expect_ok "$W/out"
  check "diagnostics" "$(q "$W/out" "SELECT count(*) FROM diagnostics")" 0
  check "names" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'NAME_REF'")" 60000
}
case_syntax_indentation_99_levels() {
  # 99 levels of four spaces (CPython allows 100): past column 255 tree-sitter lost the file.
  one_file_repo "$W/r" "''.join(' ' * (4 * i) + f'def f{i}():\n' for i in range(99)) + ' ' * 396 + 'return 1\n'"
  build "$W/r" "$W/out"
  expect_ok "$W/out"
  check "diagnostics" "$(q "$W/out" "SELECT count(*) FROM diagnostics")" 0
  check "functions" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'FUNCTION'")" 99
}
case_syntax_agreement() {
  # Valid Python that trips parsers, and invalid Python, side by side; `agreement` checks them.
  python3 "$HERE/syntax_cases.py" "$W/r"
  build "$W/r" "$W/out"
  expect_rc 0
  agreement "$W/out"
  # The invalid ones are CPython's syntax errors; nothing else is.
  check "files CPython rejects" \
    "$(q "$W/out" "SELECT string_agg(path, ' ' ORDER BY path) FROM diagnostics WHERE code IN
        ('PY_SYNTAX_ERROR', 'PY_NULL_BYTES')")" \
    "bad_indent.py cr_in_string.py nul_byte.py py2_print.py tabs_after_spaces.py trailing_backslash.py type_alias_312.py unterminated.py"
}

# --- Source: encodings, special files, links, booby traps -----------------------------------------

case_source_encodings() {
  mkdir -p "$W/r"
  printf '# -*- coding: latin-1 -*-\nname = "caf\xe9"\n' >"$W/r/latin1.py"
  printf '# coding: cp1252\nprice = "\x80 5"\n' >"$W/r/cp1252.py"
  printf '\xef\xbb\xbfx = 1\r\ny = 2\r\n' >"$W/r/bom_crlf.py"
  printf "x = '\xff\xfe'\n" >"$W/r/invalid_utf8.py"
  printf '# coding: klingon\nx = 1\n' >"$W/r/unknown_cookie.py"
  printf '\xef\xbb\xbf# coding: latin-1\nx = 1\n' >"$W/r/bom_latin1.py"
  printf '\xff\xfex\x00=\x001\x00' >"$W/r/utf16.py"
  build "$W/r" "$W/out" --emit-evidence
  expect_ok "$W/out"
  check "statuses" \
    "$(q "$W/out" "SELECT string_agg(path || '=' || status, ' ' ORDER BY path) FROM repo_files")" \
    "bom_crlf.py=ok bom_latin1.py=encoding_conflict cp1252.py=ok invalid_utf8.py=undecodable latin1.py=ok unknown_cookie.py=unknown_encoding utf16.py=undecodable"
}
case_source_special_files() {
  mkdir -p "$W/r/dir.py" "$W/r/sub"
  echo 'x = 1' >"$W/r/good.py"
  mkfifo "$W/r/fifo.py"  # opening it would block for ever
  ln -s /dev/zero "$W/r/zero.py"
  ln -s "$W/r/sub" "$W/r/sub/loop"
  ln -s ../../.. "$W/r/sub/up"
  ln -s /nonexistent "$W/r/dangling.py"
  build "$W/r" "$W/out" --emit-evidence --follow-symlinks
  expect_ok "$W/out"
  check "statuses" \
    "$(q "$W/out" "SELECT string_agg(path || '=' || status, ' ' ORDER BY path) FROM repo_files")" \
    "dangling.py=broken_symlink fifo.py=special_file good.py=ok zero.py=outside_repo"
  check "loops and escapes" \
    "$(q "$W/out" "SELECT string_agg(path || '=' || code, ' ' ORDER BY path) FROM diagnostics
        WHERE path LIKE 'sub/%'")" "sub/loop=SOURCE_SYMLINK_LOOP sub/up=SOURCE_OUTSIDE_REPO"
}
case_source_booby_traps() {
  mkdir -p "$W/r"
  printf 'x = 1\ny = "\0"\n' >"$W/r/nul.py"
  printf '\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0' >"$W/r/elf.py"
  head -c 3000000 /dev/zero | tr '\0' 'x' >"$W/r/huge.py"
  echo 'x = 1' >"$W/r/$(printf 'new\nline.py')"
  echo 'x = 1' >"$W/r/$(printf 'esc\033[31mape.py')"
  echo 'x = 1' >"$W/r/$(printf 'bad\xff.py')"
  build "$W/r" "$W/out" --emit-evidence --max-file-bytes 1000000
  expect_ok "$W/out"
  check "files" "$(q "$W/out" "SELECT count(*) FROM repo_files")" 6
  check "not ok" \
    "$(q "$W/out" "SELECT string_agg(path || '=' || status, ' ' ORDER BY path) FROM repo_files
        WHERE status <> 'ok'")" "elf.py=binary huge.py=too_large"
  check "NUL bytes" "$(diag_count "$W/out" PY_NULL_BYTES)" 1
  check "modules" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes WHERE node_kind = 'MODULE'")" 6
}
case_source_unreadable() {
  mkdir -p "$W/r/locked" "$W/r/listable"
  echo 'x = 1' >"$W/r/ok.py"
  echo 'y = 1' >"$W/r/locked/a.py"
  echo 'z = 1' >"$W/r/listable/b.py"
  echo 'w = 1' >"$W/r/secret.py"
  chmod 000 "$W/r/locked" "$W/r/secret.py"
  chmod 444 "$W/r/listable"
  chmod 777 "$W"
  as_nobody build "$W/r" -o "$W/out" -q
  chmod 755 "$W/r/locked" "$W/r/listable"
  chmod 644 "$W/r/secret.py"
  expect_ok "$W/out"
  check "diagnostics" \
    "$(q "$W/out" "SELECT string_agg(path || '=' || code, ' ' ORDER BY path) FROM diagnostics")" \
    "listable/b.py=SOURCE_UNREADABLE locked=SOURCE_DIR_UNREADABLE secret.py=SOURCE_UNREADABLE"
}
case_source_module_collisions() {
  mkdir -p "$W/r/a" "$W/r/p"
  echo 'def f(): pass' >"$W/r/a.py"
  echo 'def g(): pass' >"$W/r/a/__init__.py"
  touch "$W/r/p/__init__.py"
  echo 'x = 1' >"$W/r/p/b.py"
  echo 'y = 1' >"$W/r/p.b.py"
  build "$W/r" "$W/out"
  expect_ok "$W/out"
  check "collisions" \
    "$(q "$W/out" "SELECT string_agg(path, ' ' ORDER BY path) FROM diagnostics
        WHERE code = 'SOURCE_MODULE_COLLISION'")" "a.py a/__init__.py p.b.py p/b.py"
}

# --- Output: what -o replaces ---------------------------------------------------------------------

case_output_refusals() {
  mkdir -p "$W/r/sub" "$W/foreign" "$W/forged" "$W/linked"
  echo 'x = 1' >"$W/r/sub/m.py"
  echo '{"tool": {"name": "codeanatomy"}, "manifest_version": 2}' >"$W/r/manifest.json"
  echo 'keep me' >"$W/foreign/notes.txt"
  echo '{"tool": {"name": "codeanatomy"}, "manifest_version": 2, "output_files": ["manifest.json"]}' \
    >"$W/forged/manifest.json"
  echo 'keep me' >"$W/forged/extra.txt"
  ln -s "$W/linked" "$W/link"
  touch "$W/file"
  for out in "$W/r" "$W" "$W/foreign" "$W/forged" "$W/link" "$W/file" "$W/r/sub/.." "$W/r/"; do
    build "$W/r/sub" "$out"
    [ "$out" = "$W/r/sub/.." ] || [ "$out" = "$W/r/" ] || build "$W/r" "$out"
    expect_rc 2
    expect_line "codeanatomy: error: .*(refusing|not a directory|exists)"
  done
  check "repository intact" "$(cat "$W/r/sub/m.py")" 'x = 1'
  check "foreign file intact" "$(cat "$W/foreign/notes.txt")" 'keep me'
  check "file beside a forged manifest intact" "$(cat "$W/forged/extra.txt")" 'keep me'
  no_staging "$W"
}
case_output_replaces_corrupt_previous_output() {
  build "$MINI" "$W/out"
  expect_ok "$W/out"
  head -c 100 "$W/out/cpg_nodes.parquet" >"$W/t" && mv "$W/t" "$W/out/cpg_nodes.parquet"
  rm "$W/out/cpg_edges.parquet"
  build "$MINI" "$W/out"
  expect_ok "$W/out"
  check_ge "nodes" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes")" 10
}
case_output_concurrent_builds() {
  build "$MINI" "$W/out"
  expect_ok "$W/out"
  "$BIN" build "$MINI" -o "$W/out" -q >"$W/a.out" 2>"$W/a.err" &
  local a=$!
  "$BIN" build "$MINI" -o "$W/out" -q >"$W/b.out" 2>"$W/b.err" &
  local b=$!
  wait $a
  local rc_a=$?
  wait $b
  local rc_b=$?
  check "first build" "$rc_a $(cat "$W/a.err")" "0 "
  check "second build" "$rc_b $(cat "$W/b.err")" "0 "
  check_ge "nodes" "$(q "$W/out" "SELECT count(*) FROM cpg_nodes")" 10
  no_staging "$W"
}

# --- Interruptions leave nothing behind ------------------------------------------------------------

# interrupt SIGNAL — a build of the standard library over a previous output, interrupted once its
# staging directory exists: the process dies of the signal, the staging directory (with DuckDB's
# spill files) is gone, the previous output is intact and the current directory holds nothing.
interrupt() {
  [ -f "$STDLIB/os.py" ] || { echo "skip: needs $STDLIB"; return; }
  build "$MINI" "$W/out"
  expect_ok "$W/out"
  local before
  before=$(md5sum "$W/out/cpg_nodes.parquet")
  mkdir "$W/cwd"
  (cd "$W/cwd" && exec "$BIN" build "$STDLIB" -o "$W/out" -q --threads 2) 2>"$W/stderr" &
  local pid=$!
  for _ in $(seq 1 2000); do
    [ -n "$(find "$W" -maxdepth 1 -name '.out.codeanatomy-tmp-*' -print -quit)" ] && break
    sleep 0.01
  done
  sleep 0.5
  kill -s "$1" $pid
  wait $pid
  RC=$?
  check "exit status (128 + signal)" "$RC" $((128 + $(kill -l "$1")))
  no_staging "$W"
  check "previous output" "$(md5sum "$W/out/cpg_nodes.parquet")" "$before"
  check "left in the current directory" "$(ls -A "$W/cwd")" ""
}
case_interrupt_sigint() { interrupt INT; }
case_interrupt_sigterm() { interrupt TERM; }
case_interrupt_sighup() { interrupt HUP; }
case_interrupt_sigkill_cleaned_by_any_later_build() {
  [ -f "$STDLIB/os.py" ] || { echo "skip: needs $STDLIB"; return; }
  "$BIN" build "$STDLIB" -o "$W/first" -q --threads 2 2>/dev/null &
  local pid=$!
  for _ in $(seq 1 2000); do
    [ -n "$(find "$W" -maxdepth 1 -name '.first.codeanatomy-tmp-*' -print -quit)" ] && break
    sleep 0.01
  done
  sleep 0.5
  kill -KILL $pid
  wait $pid
  check "staging left by kill -9" "$(find "$W" -maxdepth 1 -name '.first.codeanatomy-tmp-*' | wc -l)" 1
  build "$MINI" "$W/other"  # another output beside it
  expect_ok "$W/other"
  no_staging "$W"
}

# --- Environment failures: exit 2, one line naming the path and what to do -------------------------

# in_tmpfs SIZE SCRIPT — runs SCRIPT (bash) with $FS a fresh tmpfs of SIZE, in a private mount
# namespace (unshare -rm); returns 3 when that is not possible here.
in_tmpfs() {
  unshare -rm true 2>/dev/null || return 3
  mkdir -p "$W/fs"
  BIN="$BIN" MINI="$MINI" FS="$W/fs" unshare -rm bash -c \
    "mount -t tmpfs -o size=$1 tmpfs \"\$FS\" && $2" >"$W/stdout" 2>"$W/stderr"
}
case_env_disk_full() {
  # Full during the Parquet writes (a 24 KiB file system), else during the manifest.
  local size
  for size in 24k 300k; do
    in_tmpfs $size '"$BIN" build "$MINI" -o "$FS/out" -q --threads 2; echo "rc=$?"; ls -A "$FS"'
    if [ $? = 3 ]; then
      # No mount namespace: a file size limit instead (EFBIG, reported the same way).
      (ulimit -f 16 && "$BIN" build "$MINI" -o "$W/out" -q --threads 2) >"$W/stdout" 2>"$W/stderr"
      RC=$?
      expect_rc 2
      expect_line "cannot write|Could not write"
      no_staging "$W"
      return
    fi
    check "exit code ($size)" "$(head -1 "$W/stdout")" "rc=2"
    check "left on the full file system ($size)" "$(tail -n +2 "$W/stdout")" ""
    expect_line "$W/fs/.out.codeanatomy-tmp-[0-9]+/out/.*No space left on device; free space"
  done
}
case_env_read_only() {
  in_tmpfs 1m 'mkdir "$FS/d" && mount -o remount,ro "$FS" && "$BIN" build "$MINI" -o "$FS/d/out" -q; echo "rc=$?"'
  [ $? = 3 ] && { echo "skip: no mount namespace"; return; }
  check "exit code" "$(cat "$W/stdout")" "rc=2"
  expect_line "'$W/fs/d'.*Read-only file system; choose a writable -o path"
}
case_env_permission_denied() {
  mkdir -p "$W/locked"
  chmod 555 "$W/locked"
  chmod 755 "$W"
  # A copy of the fixture the unprivileged user can read (the checkout may be private).
  cp -r "$MINI" "$W/mini"
  chmod -R a+rX "$W/mini"
  as_nobody build "$W/mini" -o "$W/locked/out" -q
  expect_rc 2
  expect_line "'$W/locked'.*Permission denied; choose a writable -o path"
}
case_env_out_of_memory() {
  # An address space too small for the run: one line and exit 2, never an abort (exit 3 or 134).
  local limit
  for limit in 150000 250000; do
    build --limit $limit "$MINI" "$W/out"
    if [ "$RC" = 0 ]; then continue; fi
    expect_rc 2
    # Where the limit bites decides the words: an allocation (out of memory) or a thread the
    # system would not start (EAGAIN: "the system refused a resource"); either is one line.
    expect_line "out of memory|Out of Memory|needs more memory than|the system refused a resource"
    no_staging "$W"
  done
}
case_env_stdout_full() {
  build "$MINI" "$W/out"
  expect_ok "$W/out"
  "$BIN" callgraph "$W/out" >/dev/full 2>"$W/stderr"
  RC=$?
  expect_rc 2
  expect_line "cannot write to stdout: No space left on device"
}

# --- Flags and commands ---------------------------------------------------------------------------

case_flags_out_of_range() {
  local flag
  for flag in "--threads 0" "--threads 1025" "--threads 1.5" "--python-workers 0" \
    "--max-file-bytes 0" "--max-file-bytes 99999999999999999999" "--max-file-bytes -5" \
    "--scip-timeout 0" "--scip-timeout nan" "--scip-timeout 1e400"; do
    # shellcheck disable=SC2086
    run build "$MINI" -o "$W/out" $flag
    expect_rc 2
    expect_line "^codeanatomy: error: ${flag%% *}: '[^']*' is not (an integer|a number) from [0-9]+ to [0-9]+"
  done
  [ -e "$W/out" ] && fail "a refused flag left $W/out"
}
case_flags_python_workers_at_most_the_cores() {
  local workers
  run build "$MINI" -o "$W/out" -q --threads 64
  expect_ok "$W/out"
  workers=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['python_workers'])" \
    "$W/out/run_bundle/config.json")
  check "CPython workers for --threads 64" "$workers" "$(nproc)"
  build "$MINI" "$W/out" --python-workers 3
  expect_ok "$W/out"
  workers=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['python_workers'])" \
    "$W/out/run_bundle/config.json")
  check "CPython workers asked for" "$workers" 3
}
case_flags_unknown_subcommand() {
  run frobnicate
  expect_rc 2
  expect_line "unknown subcommand 'frobnicate'; choose one of: build, query, shell, callgraph, flows, show, rules, schema"
}

# --- SCIP indexes ---------------------------------------------------------------------------------

case_scip_hostile_indexes() {
  head -c 100000 /dev/urandom >"$W/random.scip"
  : >"$W/empty.scip"
  # A document whose length prefix claims 2 GB.
  printf '\x12\xff\xff\xff\xff\x07' >"$W/huge_length.scip"
  # A relative_path of 10 MB of '../'.
  python3 -c "
import sys
path = b'../' * 3000000
doc = b'\x0a' + bytes([0x80 | (len(path) & 0x7f)]) + bytes([(len(path) >> 7) & 0x7f | 0x80]) + \
      bytes([(len(path) >> 14) & 0x7f | 0x80]) + bytes([len(path) >> 21]) + path
open(sys.argv[1], 'wb').write(b'\x12' + bytes([0x80 | (len(doc) & 0x7f), ((len(doc) >> 7) & 0x7f) | 0x80, ((len(doc) >> 14) & 0x7f) | 0x80, len(doc) >> 21]) + doc)
" "$W/dotdot.scip"
  local index
  for index in random empty huge_length dotdot; do
    build --limit $MEMORY_KB "$MINI" "$W/out" --scip-index "$W/$index.scip"
    if [ "$RC" = 0 ]; then
      check "$index: stderr" "$(cat "$W/stderr")" ""
    else
      expect_rc 2
      expect_line "SCIP index"
    fi
  done
  no_staging "$W"
}

# --- query (issue 17: the query command's cases go here) ------------------------------------------

# ---------------------------------------------------------------------------------------------------

CASES=$(declare -F | sed -n 's/^declare -f case_//p')
if [ "${1:-}" = --list ]; then
  echo "$CASES"
  exit 0
fi
[ $# -gt 0 ] || { echo "usage: matrix.sh BINARY (--list | CASE...)" >&2; exit 2; }
status=0
for name in "$@"; do
  W=$(mktemp -d "${TMPDIR:-/tmp}/ca-hostile-$name.XXXXXX")
  FAILED=0
  echo "== $name"
  "case_$name"
  chmod -R u+rwx "$W" 2>/dev/null
  rm -rf "$W"
  if [ $FAILED = 0 ]; then echo "ok: $name"; else echo "FAILED: $name"; status=1; fi
done
exit $status
