#!/usr/bin/python3.11
"""bench/bench.py — measure `codeanatomy build` on corpora; append the results to bench/RESULTS.md.

Called by bench/run (which builds the tool and fetches the corpora first); standard library only.

Per corpus and mode, N runs of the build (the median is reported, the min-max wall range too):
  wall      monotonic clock around the process,
  CPU       user+sys of the build and every child it waited for (the python worker processes,
            scip-python), from wait4(2),
  peak RSS  of the main process and of the largest child, sampled every 10 ms from /proc/<pid>/status
            (VmHWM, the kernel's own high-water mark), the largest sum of RSS over the process tree
            at one sample, and wait4's ru_maxrss (the largest single process, exact),
  stages    wall/CPU per task from <out>/manifest.json `stages` (python.* rows: CPU summed over the
            worker processes).
Benchmarks measure: a missed target is reported, never a failure. The exit status is non-zero only
when a build itself failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1e6
MIB = 1 << 20

# What each mode asks the build for. `default` is what a user gets; `extract` is the extraction
# alone (every evidence layer but SCIP, written as evidence), no rules; `full` is both.
MODES = {
    "default": [],
    "extract": ["--outputs", "evidence"],
    "full": ["--emit-evidence"],
}

# The targets, written next to the numbers (they are goals, not assertions).
TARGET_E2E_WALL_S = 3.0
TARGET_E2E_PEAK_B = 1.5e9
TARGET_EXTRACT_WALL_S = 1.5
TARGET_EXTRACT_PEAK_B = 1.0e9
TARGET_SYMPY_PEAK_B = 3.0e9
TARGET_ANSIBLE_PEAK_B = 4.0e9
EXTRACT_STAGES = ("scan", "extract:")


# --- measuring one run ---------------------------------------------------------------------------

def _status_kb(pid: int, keys: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                for k in keys:
                    if line.startswith(k.encode()):
                        out[k] = int(line.split()[1])
    except OSError:
        pass
    return out


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    kids.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return kids


class Sampler(threading.Thread):
    """Polls the process tree of `pid` for peak memory until stop()."""

    def __init__(self, pid: int, interval_s: float = 0.01):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval_s = interval_s
        self.main_hwm_kb = 0
        self.child_hwm_kb: dict[int, int] = {}
        self.tree_rss_kb = 0
        self.max_children = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            s = _status_kb(self.pid, ("VmHWM", "VmRSS"))
            total = s.get("VmRSS", 0)
            self.main_hwm_kb = max(self.main_hwm_kb, s.get("VmHWM", 0))
            stack = _children(self.pid)
            n = 0
            while stack:
                c = stack.pop()
                n += 1
                cs = _status_kb(c, ("VmHWM", "VmRSS"))
                total += cs.get("VmRSS", 0)
                if "VmHWM" in cs:
                    self.child_hwm_kb[c] = max(self.child_hwm_kb.get(c, 0), cs["VmHWM"])
                stack.extend(_children(c))
            self.tree_rss_kb = max(self.tree_rss_kb, total)
            self.max_children = max(self.max_children, n)
            self._done.wait(self.interval_s)

    def stop(self) -> None:
        self._done.set()


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_once(binary: Path, corpus: Path, extra: list[str], out_dir: Path,
             fresh: bool = True) -> dict:
    """One build; returns its measurements (or raises RuntimeError when the build failed).
    `fresh`: into an empty OUT (else into the previous build's OUT, which it may reuse)."""
    if fresh:
        shutil.rmtree(out_dir, ignore_errors=True)
    argv = [str(binary), "build", str(corpus), "-o", str(out_dir), *extra]
    load = loadavg()
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    sampler.start()
    # stdout/stderr are small (the summary); read them on threads so the pipe never blocks.
    outputs: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda k=k, s=s: outputs.__setitem__(k, s.read()))
               for k, s in (("stdout", proc.stdout), ("stderr", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    sampler.stop()
    sampler.join()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = outputs.get("stdout", b"").decode(errors="replace")
    stderr = outputs.get("stderr", b"").decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"`{' '.join(argv)}` exited with {proc.returncode}:\n{stderr[-2000:]}")
    manifest = json.loads((out_dir / "manifest.json").read_text())
    child_peak_kb = max(sampler.child_hwm_kb.values(), default=0)
    # ru_maxrss is exact for the largest process of the tree; when it exceeds every child's
    # sampled peak it is the main process's own peak (sampling may have missed its last growth).
    main_peak_kb = sampler.main_hwm_kb
    if usage.ru_maxrss > child_peak_kb:
        main_peak_kb = max(main_peak_kb, usage.ru_maxrss)
    return {
        "load_before": load,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "peak_main_b": main_peak_kb * 1024,
        "peak_child_b": child_peak_kb * 1024,
        "peak_tree_b": sampler.tree_rss_kb * 1024,
        "maxrss_b": usage.ru_maxrss * 1024,
        "children": len(sampler.child_hwm_kb),
        "files": manifest.get("repo", {}).get("files", 0),
        "outputs": {o["name"]: o["rows"] for o in manifest.get("outputs", [])},
        "memory_limit_b": manifest.get("memory", {}).get("limit_bytes", 0),
        "spilled_b": manifest.get("memory", {}).get("spilled_bytes", 0),
        "stages": [[s["name"], s["wall_ms"], s["cpu_ms"]] for s in manifest.get("stages", [])],
        "summary": stdout.strip().splitlines(),
        "reuse": manifest.get("reuse", {}),
    }


# --- incremental rebuild ---------------------------------------------------------------------------

# The one-function edit: a statement added at the end of textwrap.dedent (before its return).
EDIT_FILE = "textwrap.py"
EDIT_FUNCTION = "def dedent(text):"
EDIT_RETURN = "\n    return text\n"
EDIT_LINE = "\n    text = text  # bench/run --incremental: a one-function edit"
GRAPH_FILES = ("cpg_nodes.parquet", "cpg_edges.parquet", "cpg_props.parquet")


def incremental(binary: Path, stdlib: Path, tmp: Path) -> dict:
    """Copies the stdlib, builds it, edits one function of one file, rebuilds into the same OUT
    (reusing the evidence of the unchanged files), then builds the edited copy with --full into
    another directory: both times, and whether the graph tables are the same bytes."""
    copy = tmp / "stdlib-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(stdlib, copy, symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out, full_out = tmp / "incr-out", tmp / "incr-full"
    print("bench: incremental: first build of a stdlib copy", file=sys.stderr, flush=True)
    first = run_once(binary, copy, [], out)
    target = copy / EDIT_FILE
    text = target.read_text()
    start = text.index(EDIT_FUNCTION)
    at = text.index(EDIT_RETURN, start)
    target.write_text(text[:at] + EDIT_LINE + text[at:])
    print("bench: incremental: rebuild after a one-function edit", file=sys.stderr, flush=True)
    rebuild = run_once(binary, copy, [], out, fresh=False)
    print("bench: incremental: --full build of the edited copy", file=sys.stderr, flush=True)
    full = run_once(binary, copy, ["--full"], full_out)
    identical = all((out / f).read_bytes() == (full_out / f).read_bytes() for f in GRAPH_FILES)
    shutil.rmtree(copy, ignore_errors=True)
    return {"first": first, "rebuild": rebuild, "full": full, "identical": identical,
            "edited": f"{EDIT_FILE}: {EDIT_FUNCTION[4:-1]}"}


def render_incremental(inc: dict) -> list[str]:
    first, rebuild, full = inc["first"], inc["rebuild"], inc["full"]
    reuse = rebuild["reuse"]
    ratio = rebuild["wall_s"] / full["wall_s"]
    lines = ["### Incremental rebuild (stdlib copy, one-function edit)", "",
             f"- Edit: {inc['edited']} (one statement added). Builds: default outputs; the rebuild "
             f"goes into the first build's OUT, the full build (`--full`) of the edited copy into "
             f"another directory.",
             f"- Reuse: {reuse.get('files_reused', '-')} files reused, "
             f"{reuse.get('files_extracted', '-')} re-extracted "
             f"({', '.join(reuse.get('extracted', [])) or '-'}); refused: "
             f"{reuse.get('refused') or 'no'}.",
             f"- Graph tables (cpg_nodes, cpg_edges, cpg_props) of the rebuild and the full build: "
             f"{'byte-identical' if inc['identical'] else 'DIFFERENT'}.", "",
             "| build | wall s | CPU s | load before |", "|---|---:|---:|---|",
             f"| first (no cache) | {first['wall_s']:.2f} | {first['cpu_s']:.2f} "
             f"| {first['load_before']} |",
             f"| rebuild after the edit (reuse) | {rebuild['wall_s']:.2f} | {rebuild['cpu_s']:.2f} "
             f"| {rebuild['load_before']} |",
             f"| full build of the edited copy (`--full`) | {full['wall_s']:.2f} "
             f"| {full['cpu_s']:.2f} | {full['load_before']} |", "",
             f"Rebuild / full: {ratio:.2f} (target ≤ 0.25: {verdict(ratio <= 0.25)}).", "",
             "| stage | full wall ms | rebuild wall ms |", "|---|---:|---:|"]
    full_stages = {n: w for n, w, _ in full["stages"]}
    re_stages = {n: w for n, w, _ in rebuild["stages"]}
    top = sorted(full_stages, key=lambda n: -full_stages[n])[:12]
    for name in top:
        lines.append(f"| {name} | {full_stages[name]:.0f} | {re_stages.get(name, 0):.0f} |")
    lines.append("")
    return lines


# --- corpora, machine ----------------------------------------------------------------------------

PRUNED_DIRS = {".git", "__pycache__", ".venv", "node_modules", "build", "dist"}


def py_bytes(corpus: Path) -> int:
    """Bytes of the .py files under `corpus` (the scanner's default include, its usual prunes)."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = [d for d in dirnames if d not in PRUNED_DIRS]
        for name in filenames:
            if name.endswith(".py"):
                try:
                    total += os.lstat(os.path.join(dirpath, name)).st_size
                except OSError:
                    pass
    return total


def machine() -> dict:
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"^Model name:\s*(.+)$", lscpu, re.M)
        model = m.group(1).strip() if m else ""
    except OSError:
        pass
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(),
            "ram_gib": mem_kb / MIB, "kernel": platform.release()}


def git(*args: str) -> str:
    r = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return r.stdout.strip()


# --- statistics and rendering --------------------------------------------------------------------

def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else 0.0


def aggregate(runs: list[dict], corpus_bytes: int) -> dict:
    """The median of every measure over `runs`."""
    agg = {k: median([r[k] for r in runs]) for k in
           ("wall_s", "cpu_s", "user_s", "sys_s", "peak_main_b", "peak_child_b", "peak_tree_b",
            "maxrss_b", "memory_limit_b", "spilled_b")}
    agg["wall_min_s"] = min(r["wall_s"] for r in runs)
    agg["wall_max_s"] = max(r["wall_s"] for r in runs)
    agg["files"] = runs[0]["files"]
    agg["children"] = max(r["children"] for r in runs)
    agg["mb"] = corpus_bytes / MB
    agg["outputs"] = runs[0]["outputs"]
    agg["loads"] = [r["load_before"] for r in runs]
    stages: dict[str, list[tuple[float, float]]] = {}
    for r in runs:
        for name, wall, cpu in r["stages"]:
            stages.setdefault(name, []).append((wall, cpu))
    agg["stages"] = {n: (median([w for w, _ in v]), median([c for _, c in v]))
                     for n, v in stages.items()}
    agg["stage_order"] = [s[0] for s in runs[0]["stages"]]
    ex = [(w, c) for n, (w, c) in agg["stages"].items() if n.startswith(EXTRACT_STAGES)]
    agg["extract_wall_s"] = sum(w for w, _ in ex) / 1000
    agg["extract_cpu_main_s"] = sum(c for _, c in ex) / 1000
    return agg


def gb(b: float) -> str:
    return f"{b / 1e9:.2f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(meta: dict, results: dict[str, dict[str, dict]], scip: dict | None,
           failures: list[str], inc: dict | None = None) -> str:
    m = meta["machine"]
    lines = [
        f"## {meta['date']} — commit {meta['commit']}{' (dirty)' if meta['dirty'] else ''}",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']:.1f} GiB RAM, "
        f"Linux {m['kernel']}",
        f"- Load average before the benchmark: {meta['load_start']} (1, 5, 15 min); "
        f"before each run: see the per-corpus lines below. {meta['note']}".rstrip(),
        f"- Tool: {meta['version']}; `codeanatomy build CORPUS -o OUT` + the mode's flags, "
        f"default profile (threads = cores){meta['limit_text']}; {meta['runs']} run(s) per "
        f"row, median "
        f"(wall range min-max in brackets).",
        "- CPU = user+sys of the build and its worker processes (wait4). Peak RSS: main process, "
        "largest worker process, largest sum over the process tree at one 10 ms sample.",
        "",
    ]
    for mode, per_corpus in results.items():
        if not per_corpus:
            continue
        flags = " ".join(MODES[mode]) or "(none: cpg_nodes, cpg_edges, cpg_props, diagnostics, callgraph)"
        lines += [f"### Mode `{mode}` — flags: {flags}", "",
                  "| corpus | files | MB .py | wall s | CPU s | CPU s/MB | files/s | MB/s "
                  "| peak main GB | peak worker GB | peak tree GB | limit GB | spilled GB "
                  "| nodes | edges | props |",
                  "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for corpus, a in per_corpus.items():
            o = a["outputs"]
            lines.append(
                f"| {corpus} | {a['files']} | {a['mb']:.1f} | {a['wall_s']:.2f} "
                f"[{a['wall_min_s']:.2f}-{a['wall_max_s']:.2f}] | {a['cpu_s']:.2f} "
                f"| {a['cpu_s'] / a['mb']:.2f} | {a['files'] / a['wall_s']:.0f} "
                f"| {a['mb'] / a['wall_s']:.2f} | {gb(a['peak_main_b'])} "
                f"| {gb(a['peak_child_b']) if a['children'] else '-'} "
                f"| {gb(a['peak_tree_b'])} "
                f"| {gb(a['memory_limit_b']) if a['memory_limit_b'] else '-'} "
                f"| {gb(a['spilled_b'])} | {o.get('cpg_nodes', '-')} | {o.get('cpg_edges', '-')} "
                f"| {o.get('cpg_props', '-')} |")
        lines.append("")
        for corpus, a in per_corpus.items():
            lines.append(f"- {corpus}: load before each run: {'; '.join(a['loads'])}")
        lines.append("")
        # Per-stage table: stages in the order they ran (the first corpus that has each).
        order: list[str] = []
        for a in per_corpus.values():
            for s in a["stage_order"]:
                if s not in order:
                    order.append(s)
        names = list(per_corpus)
        lines += ["| stage | " + " | ".join(f"{c} wall ms | {c} CPU ms" for c in names) + " |",
                  "|---|" + "---:|---:|" * len(names)]
        for s in order:
            cells = []
            for c in names:
                w, cpu = per_corpus[c]["stages"].get(s, (None, None))
                cells.append("-" if w is None else (f"{w:.0f}" if w else "·"))
                cells.append("-" if cpu is None else f"{cpu:.0f}")
            lines.append(f"| {s} | " + " | ".join(cells) + " |")
        lines += ["", "(`·`: no wall time of its own — python.* rows are CPU summed over the worker "
                  "processes, which run from the end of the scan, alongside extract:cst, to the "
                  "end of the first python task (extract:bytecode, or extract:symtable).)", ""]

    # Targets.
    lines += ["### Targets", "", "| target | measured | |", "|---|---|---|"]
    d = results.get("default", {})
    x = results.get("extract", {}) or results.get("full", {})
    if "stdlib" in d:
        a = d["stdlib"]
        lines.append(f"| stdlib end to end ≤ {TARGET_E2E_WALL_S:.0f} s wall (2 cores) "
                     f"| {a['wall_s']:.2f} s | {verdict(a['wall_s'] <= TARGET_E2E_WALL_S)} |")
        peak = max(a["peak_tree_b"], a["maxrss_b"])
        lines.append(f"| stdlib end to end < {gb(TARGET_E2E_PEAK_B)} GB peak "
                     f"| {gb(peak)} GB (tree) | {verdict(peak < TARGET_E2E_PEAK_B)} |")
    if "stdlib" in x:
        a = x["stdlib"]
        src = "extract" if results.get("extract") else "full"
        lines.append(f"| stdlib extraction (scan + every layer but SCIP) ≤ "
                     f"{TARGET_EXTRACT_WALL_S} s wall | {a['extract_wall_s']:.2f} s (sum of the "
                     f"scan and extract:* stages, mode {src}) "
                     f"| {verdict(a['extract_wall_s'] <= TARGET_EXTRACT_WALL_S)} |")
        if src == "extract":
            peak = max(a["peak_tree_b"], a["maxrss_b"])
            lines.append(f"| stdlib extraction < {gb(TARGET_EXTRACT_PEAK_B)} GB peak "
                         f"| {gb(peak)} GB (tree, mode extract: includes writing the evidence) "
                         f"| {verdict(peak < TARGET_EXTRACT_PEAK_B)} |")
    # Issue 15: peak memory with the default settings (the whole process tree).
    for corpus, target in (("sympy", TARGET_SYMPY_PEAK_B), ("ansible", TARGET_ANSIBLE_PEAK_B)):
        if corpus in d:
            peak = max(d[corpus]["peak_tree_b"], d[corpus]["maxrss_b"])
            lines.append(f"| {corpus} end to end ≤ {gb(target)} GB peak "
                         f"| {gb(peak)} GB (tree) | {verdict(peak <= target)} |")
    for mode in ("default", "full", "extract"):
        r = results.get(mode, {})
        if "django" in r and "sympy" in r:
            dj = r["django"]["cpu_s"] / r["django"]["mb"]
            sy = r["sympy"]["cpu_s"] / r["sympy"]["mb"]
            lines.append(f"| cost per MB flat from django to sympy (mode {mode}) "
                         f"| {dj:.2f} → {sy:.2f} CPU s/MB (×{sy / dj:.2f}) "
                         f"| {verdict(sy / dj <= 1.25)} (within 25%) |")
    lines.append("")
    if scip:
        lines += ["### SCIP (`--scip`, stdlib, 1 run)", "",
                  f"- wall {scip['wall_s']:.1f} s, CPU {scip['cpu_s']:.1f} s, peak largest process "
                  f"{gb(scip['maxrss_b'])} GB, peak tree {gb(scip['peak_tree_b'])} GB; "
                  f"extract:scip stage {scip['scip_stage_ms'] / 1000:.1f} s wall",
                  f"- build summary: `{scip['scip_line']}`", ""]
    if inc:
        lines += render_incremental(inc)
    if failures:
        lines += ["### Failures", ""] + [f"- {f}" for f in failures] + [""]
    return "\n".join(lines) + "\n"


# --- main ----------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", type=Path, default=ROOT / "build/release/codeanatomy")
    ap.add_argument("--corpus", action="append", default=[], metavar="NAME=PATH",
                    help="a corpus to measure (repeatable; order kept)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mode", action="append", choices=sorted(MODES),
                    help="default and extract unless given (repeatable)")
    ap.add_argument("--scip", action="store_true", help="also one --scip build of the stdlib")
    ap.add_argument("--results", type=Path, default=ROOT / "bench/RESULTS.md")
    ap.add_argument("--raw", type=Path, default=ROOT / "bench/results.jsonl",
                    help="every run's raw measurements, one JSON line per benchmark")
    ap.add_argument("--incremental", action="store_true",
                    help="also measure a rebuild after a one-function edit of a stdlib copy "
                         "(alone when no --mode is given)")
    ap.add_argument("--no-record", action="store_true", help="print, do not append to the files")
    ap.add_argument("--note", default="", help="a sentence for the results (e.g. what else ran)")
    ap.add_argument("--memory-limit", default="",
                    help="pass --memory-limit SIZE to every build (default: the build's own)")
    args = ap.parse_args()
    modes = args.mode or ([] if args.incremental else ["default", "extract"])
    corpora = []
    for spec in args.corpus:
        name, _, path = spec.partition("=")
        corpora.append((name, Path(path)))

    version = subprocess.run([str(args.binary), "--version"], capture_output=True,
                             text=True).stdout.strip()
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git("rev-parse", "--short=12", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "machine": machine(),
        "load_start": loadavg(),
        "version": version,
        "runs": args.runs,
        "note": args.note,
        "limit_text": (f", --memory-limit {args.memory_limit}" if args.memory_limit
                       else ", default memory limit"),
    }
    limit_flags = ["--memory-limit", args.memory_limit] if args.memory_limit else []
    results: dict[str, dict[str, dict]] = {m: {} for m in modes}
    raw: dict[str, dict[str, list[dict]]] = {m: {} for m in modes}
    failures: list[str] = []
    scip = None
    inc = None
    with tempfile.TemporaryDirectory(prefix="codeanatomy-bench-") as tmp:
        out_dir = Path(tmp) / "out"
        for mode in modes:
            for name, path in corpora:
                nbytes = py_bytes(path)
                runs = []
                for i in range(args.runs):
                    print(f"bench: {mode} {name} run {i + 1}/{args.runs} "
                          f"(load {loadavg()})", file=sys.stderr, flush=True)
                    try:
                        runs.append(run_once(args.binary, path, MODES[mode] + limit_flags, out_dir))
                    except RuntimeError as e:
                        failures.append(f"{mode} {name}: {e}")
                        print(f"bench: error: {e}", file=sys.stderr)
                        break
                    r = runs[-1]
                    print(f"bench:   {r['wall_s']:.2f} s wall, {r['cpu_s']:.2f} s CPU, "
                          f"peak {gb(max(r['peak_tree_b'], r['maxrss_b']))} GB (main "
                          f"{gb(r['peak_main_b'])}, worker {gb(r['peak_child_b'])}), limit "
                          f"{gb(r['memory_limit_b'])} GB, spilled {gb(r['spilled_b'])} GB, "
                          f"rows {r['outputs']}", file=sys.stderr, flush=True)
                if runs and len(runs) == args.runs:
                    results[mode][name] = aggregate(runs, nbytes)
                    raw[mode][name] = runs
        if args.scip:
            stdlib = dict(corpora).get("stdlib", Path("/usr/lib/python3.11"))
            print("bench: --scip stdlib (minutes)", file=sys.stderr, flush=True)
            try:
                r = run_once(args.binary, stdlib, ["--scip"], out_dir)
                line = next((s.strip() for s in r["summary"] if s.strip().startswith("scip:")), "")
                stage = next((w for n, w, _ in r["stages"] if n == "extract:scip"), 0.0)
                scip = {**r, "scip_line": line, "scip_stage_ms": stage}
            except RuntimeError as e:
                failures.append(f"--scip stdlib: {e}")
                print(f"bench: error: {e}", file=sys.stderr)
        if args.incremental:
            stdlib = dict(corpora).get("stdlib", Path("/usr/lib/python3.11"))
            try:
                inc = incremental(args.binary, stdlib, Path(tmp))
            except (RuntimeError, OSError, ValueError) as e:
                failures.append(f"incremental stdlib: {e}")
                print(f"bench: error: {e}", file=sys.stderr)

    text = render(meta, results, scip, failures, inc)
    print(text)
    if not args.no_record:
        if not args.results.exists():
            args.results.write_text(HEADER)
        with args.results.open("a") as f:
            f.write("\n" + text)
        with args.raw.open("a") as f:
            f.write(json.dumps({"meta": meta, "runs": raw, "scip": scip, "incremental": inc,
                                "failures": failures}) + "\n")
        print(f"bench: appended to {args.results} and {args.raw}", file=sys.stderr)
    return 1 if failures else 0


HEADER = """# Benchmark results

Written by `bench/run` (see its header): one dated section per benchmark, appended; older sections
are kept so trends stay visible. Every number is measured on the machine named in its section; the
targets are goals written next to the numbers, never assertions. Raw measurements of every run are
in `bench/results.jsonl` (one JSON line per benchmark).
"""

if __name__ == "__main__":
    sys.exit(main())
