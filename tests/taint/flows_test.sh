#!/usr/bin/env bash
# tests/taint/flows_test.sh BINARY — `codeanatomy flows` on tests/taint/webapp: every finding of
# expected.tsv (written by reading the code) is reported and nothing else; json and sarif carry
# the same findings, SARIF has its required fields; same input, same bytes; bad input fails with
# one line; --model; flows computed on demand from the repository, with --source and --sink.
set -euo pipefail
BIN="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$BIN" build "$HERE/webapp" -o "$WORK/out" --outputs taint_flows,file_text >/dev/null
"$BIN" flows "$WORK/out" --format json >"$WORK/flows.json"
"$BIN" flows "$WORK/out" --format sarif >"$WORK/flows.sarif"
"$BIN" flows "$WORK/out" --format table >"$WORK/flows.txt"
python3 - "$HERE/webapp/expected.tsv" "$WORK/flows.json" "$WORK/flows.sarif" <<'PY'
import json, sys
expected = set()
for line in open(sys.argv[1]):
    if line.strip() and not line.startswith("#"):
        expected.add(tuple(line.rstrip("\n").split("\t")))
findings = json.load(open(sys.argv[2]))
got = set()
for f in findings:
    for key in ("rule", "source", "sink", "steps"):
        assert key in f, f"a finding without {key}: {f}"
    for key in ("path", "line", "col", "text"):
        assert key in f["source"] and key in f["sink"], f
    assert "callee" in f["sink"], f
    for s in f["steps"]:
        assert set(s) == {"path", "line", "col", "text", "kind"}, s
        assert s["line"] >= 1 and s["col"] >= 1, s
    got.add((f["rule"], f'{f["source"]["path"]}:{f["source"]["line"]}',
             f'{f["sink"]["path"]}:{f["sink"]["line"]}'))
missing, unexpected = expected - got, got - expected
for m in sorted(missing):
    print("missing:", "\t".join(m))
for u in sorted(unexpected):
    print("unexpected:", "\t".join(u))
sarif = json.load(open(sys.argv[3]))
assert sarif["version"] == "2.1.0" and "$schema" in sarif, "SARIF version / $schema"
run = sarif["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] and driver["version"], driver
rule_ids = {r["id"] for r in driver["rules"]}
for r in driver["rules"]:
    assert r["shortDescription"]["text"], r
results = run["results"]
assert len(results) == len(findings), (len(results), len(findings))
for r in results:
    assert r["ruleId"] in rule_ids, r["ruleId"]
    assert r["message"]["text"], r
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] and loc["region"]["startLine"] >= 1
    assert loc["region"]["startColumn"] >= 1
    for tf in r["codeFlows"][0]["threadFlows"]:
        for l in tf["locations"]:
            assert l["location"]["physicalLocation"]["region"]["startLine"] >= 1
sys.exit(1 if missing or unexpected else 0)
PY
# Same input, same bytes: one thread and two, the engine lane and the kernel lane.
for run in "--threads 1" "--threads 2" "--lane kernel --threads 1"; do
  rm -rf "$WORK/out2"
  # shellcheck disable=SC2086
  "$BIN" build "$HERE/webapp" -o "$WORK/out2" --outputs taint_flows,file_text $run >/dev/null
  "$BIN" flows "$WORK/out2" --format sarif | cmp - "$WORK/flows.sarif"
  cmp "$WORK/out/taint_flows.parquet" "$WORK/out2/taint_flows.parquet"
done
# A preset keeps only its findings.
"$BIN" flows "$WORK/out" --preset ssrf --format json | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert f and all(x["rule"] == "ssrf" for x in f), f'
# Bad input: one line on stderr, non-zero exit.
expect_fail() {
  local what="$1"; shift
  if "$BIN" "$@" >"$WORK/stdout" 2>"$WORK/stderr"; then
    echo "$what: exit 0"; exit 1
  fi
  if [[ "$(wc -l <"$WORK/stderr")" -ne 1 ]]; then
    echo "$what: not one line:"; cat "$WORK/stderr"; exit 1
  fi
}
expect_fail "flows on a missing OUT" flows "$WORK/nowhere"
expect_fail "flows with an unknown preset" flows "$WORK/out" --preset no-such-preset
"$BIN" build "$HERE/webapp" -o "$WORK/plain" --outputs cpg_nodes >/dev/null
expect_fail "flows on a build without taint_flows" flows "$WORK/plain"
grep -q "taint_flows" "$WORK/stderr"
# --model: a user's model adds a sink (print, filed under ssrf for the test); a bad file is one
# line naming the file and line.
printf '# codeanatomy taint models 1\nsink\tbuiltins.print\t0\t-\tssrf\n' >"$WORK/user.tsv"
"$BIN" build "$HERE/webapp" -o "$WORK/user" --outputs taint_flows --model "$WORK/user.tsv" >/dev/null
"$BIN" flows "$WORK/user" --preset ssrf --format json | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert any(x["sink"]["callee"] == "builtins.print" and x["sink"]["path"] == "cli.py" for x in f), f'
printf '# codeanatomy taint models 1\nsink\tos.system\t0\t-\tno-such-rule\n' >"$WORK/bad.tsv"
expect_fail "build with a bad --model" build "$HERE/webapp" -o "$WORK/bad" --model "$WORK/bad.tsv"
grep -q "bad.tsv:2: unknown rule 'no-such-rule'" "$WORK/stderr"
expect_fail "build with a missing --model" build "$HERE/webapp" -o "$WORK/bad" --model "$WORK/none.tsv"
# On demand: flows of the repository itself are those of its build, and nothing is left behind.
"$BIN" flows "$HERE/webapp" --format json | cmp - "$WORK/flows.json"
# --sink: a function of the repository as a custom sink: echo's tainted call, not its constant one.
"$BIN" flows "$HERE/webapp" --sink helpers.echo:0 --format json >"$WORK/echo.json"
python3 - "$WORK/echo.json" <<'PY'
import json, sys
got = {(f["rule"], f'{f["source"]["path"]}:{f["source"]["line"]}',
        f'{f["sink"]["path"]}:{f["sink"]["line"]}', f["sink"]["callee"])
       for f in json.load(open(sys.argv[1]))}
assert got == {("custom", "app.py:42", "app.py:42", "helpers.echo")}, got
PY
# --source with --sink: build_command's results reach subprocess.run, the tainted call's and the
# constant one's alike (the source is the function's result); no other source is shown.
"$BIN" flows "$HERE/webapp" --source "helpers.build_command()" --sink subprocess.run:0 \
  --format json >"$WORK/custom.json"
python3 - "$WORK/custom.json" <<'PY'
import json, sys
got = {(f["rule"], f'{f["source"]["path"]}:{f["source"]["line"]}',
        f'{f["sink"]["path"]}:{f["sink"]["line"]}')
       for f in json.load(open(sys.argv[1]))}
assert got == {("custom", "app.py:33", "app.py:34"), ("custom", "app.py:35", "app.py:36")}, got
PY
# --source alone keeps the shipped sinks: sys.argv reaches os.system.
"$BIN" flows "$HERE/webapp" --source sys.argv --format json | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert [(x["rule"], x["source"]["path"], x["sink"]["line"]) for x in f] == [
    ("command-injection", "cli.py", 8)], f'
expect_fail "flows --sink on an output directory" flows "$WORK/out" --sink os.system:0
grep -q "need a repository" "$WORK/stderr"
expect_fail "flows with a bad --sink" flows "$HERE/webapp" --sink "os.system:0-1"
grep -q "bad argument position\|an argument is a position" "$WORK/stderr"
expect_fail "flows with a bad --source" flows "$HERE/webapp" --source "not a name"
grep -q "not a dotted name" "$WORK/stderr"
echo "ok: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/flows.json") findings"
