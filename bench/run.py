#!/usr/bin/env python3
"""Benchmark harness: commspec against its peers and the parse floor, on the same files.

    python3 bench/run.py            # the full run: N = 1, 100, 1,000, 10,000; 5 repetitions
    python3 bench/run.py --write    # … and rewrite bench/RESULTS.md
    python3 bench/run.py --smoke    # CI: N = 1 and 5, one repetition, no installs (~1 min)

What it does, in order:

1. builds the release binaries: `cargo build --release --locked --bin commspec --example parse-floor`;
2. makes sure the peers are there (not in --smoke, which skips a missing peer): check-jsonschema
   from PyPI into bench/.tools/venv, ajv-cli from npm into bench/.tools/node_modules;
3. generates the data with bench/gen.py (deterministic; bench/data/, gitignored; reused when the
   generator and seed have not changed): spec-00001.yaml … into bench/data/specs/, then one
   folder per N holding hard links to the first N files, and matrix specs of 1,000 and 10,000
   groups (about 20 dated tasks per group);
4. checks the data is clean (`commspec check --format short` prints nothing; this also warms the
   page cache for every tool);
5. for each N, for each repetition, runs every tool once on the same folder, in an order that
   rotates with the repetition: `commspec check`, the parse floor, ajv-cli and check-jsonschema;
6. runs `commspec build` of the matrix specs and of the 1,000 specs, alternating;
7. reports medians of wall time, CPU time (user + sys) and peak RSS of each child process
   (`os.wait4`), files per second, and the ratios to each peer and to the floor; then the
   targets of the benchmark issue and of the scaling issue (issue 12), each met or missed, with
   its numbers.

No timed assertion fails the script: it fails only when a tool fails (a non-zero exit, which
also means a generated spec is invalid) or cannot run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
TOOLS = os.path.join(BENCH, ".tools")
SCHEMA = os.path.join(ROOT, "schemas", "commspec.schema.json")
BUILT_COMMSPEC = os.path.join(ROOT, "target", "release", "commspec")
BUILT_FLOOR = os.path.join(ROOT, "target", "release", "examples", "parse-floor")
# The binaries timed: copies of the built ones, taken right after the build, so that another
# cargo build in the same target folder cannot swap them in the middle of a run.
COMMSPEC, FLOOR = BUILT_COMMSPEC, BUILT_FLOOR
AJV_CLI = "ajv-cli@5.0.0"
CHECK_JSONSCHEMA = "check-jsonschema"
TIMEOUT = 3 * 3600  # seconds; one run of one tool

TARGETS_TEXT = """\
- `commspec check` of 10,000 specs ≥ 20× faster than check-jsonschema and ≥ 5× faster than ajv-cli;
- within 2.5× of the single-threaded serde_yaml parse floor;
- peak memory within 10% between 1,000 and 10,000 files;
- single-file check under 20 ms wall;
- `commspec build` of a 10,000-group spec (about 20 dated tasks per group) under 60 s wall with
  peak RSS under 300 MB, and its time at most 12× that of 1,000 groups (linear in groups)."""


def log(msg: str):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, **kw) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout.strip()


def try_sh(cmd, **kw) -> str | None:
    try:
        return sh(cmd, **kw)
    except (OSError, subprocess.CalledProcessError):
        return None


# ── Measuring one child ────────────────────────────────────────────────────────────────

class Run:
    __slots__ = ("wall", "cpu", "rss_kb", "code")

    def __init__(self, wall, cpu, rss_kb, code):
        self.wall, self.cpu, self.rss_kb, self.code = wall, cpu, rss_kb, code


GNU_TIME: str | None = None  # /usr/bin/time, when it is GNU time: exact peak RSS of the child


def find_gnu_time(install: bool) -> str | None:
    """GNU time forks the tool from its own small process, so the peak RSS it reports is the
    tool's. `os.wait4` alone would report at least the RSS of this Python process, which the
    child inherits at fork (Linux keeps the high-water mark across exec)."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK) and install and shutil.which("apt-get") and os.geteuid() == 0:
        log("bench: installing GNU time (apt-get install time) for exact peak RSS")
        subprocess.run(["apt-get", "install", "-y", "-qq", "time"], check=False, stdout=subprocess.DEVNULL)
    if os.access(path, os.X_OK) and try_sh([path, "-f", "%M", "true"]) is not None:
        return path
    return None


def measure(argv: list[str], cwd: str, log_path: str) -> Run:
    """Run argv and wait for it with os.wait4: wall time around the child, its CPU time
    (user + sys) from wait4, its peak RSS from GNU time when there is one (else wait4's)."""
    LOADS.append(load1())
    rss_path = log_path + ".rss"
    full = [GNU_TIME, "-f", "%M", "-o", rss_path] + argv if GNU_TIME else argv
    with open(log_path, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        timer = threading.Timer(TIMEOUT, lambda: os.kill(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    rss = ru.ru_maxrss
    if GNU_TIME:
        try:
            with open(rss_path) as f:
                rss = int(f.read().split()[-1])  # "Command exited with non-zero status N" comes first
        except (OSError, ValueError, IndexError):
            pass
    return Run(wall, ru.ru_utime + ru.ru_stime, rss, proc.returncode)


def wrapper_overhead() -> float:
    """Wall time of `true` under GNU time minus without it: what the wrapper adds."""
    def fastest(argv):  # the minimum: a fixed cost, least disturbed by other load
        ws = []
        for _ in range(31):
            t0 = time.perf_counter()
            subprocess.run(argv, check=False)
            ws.append(time.perf_counter() - t0)
        return min(ws)
    true = shutil.which("true") or "/bin/true"
    return max(0.0, fastest([GNU_TIME, "-f", "%M", "-o", os.devnull, true]) - fastest([true])) if GNU_TIME else 0.0


# ── Machine and tool versions ──────────────────────────────────────────────────────────

def machine() -> dict:
    info = {"cores": os.cpu_count(), "nproc": try_sh(["nproc"]) or str(os.cpu_count())}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["mem_gib"] = int(line.split()[1]) / 1024 / 1024
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info["os"] = f"{platform.system()} {platform.release()}"
    return info


LOADS: list[float] = []  # 1-minute load average before each measured run


def load1() -> float:
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError):
        return float("nan")


def loadavg() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


# ── Peers ──────────────────────────────────────────────────────────────────────────────

def find_check_jsonschema() -> str | None:
    venv = os.path.join(TOOLS, "venv", "bin", "check-jsonschema")
    if os.access(venv, os.X_OK):
        return venv
    found = shutil.which("check-jsonschema")
    if found and "/shims/" in found:  # pyenv shim: a bash wrapper; time the real script
        found = try_sh(["pyenv", "which", "check-jsonschema"]) or found
    return found


def find_ajv() -> str | None:
    local = os.path.join(TOOLS, "node_modules", ".bin", "ajv")
    if os.access(local, os.X_OK):
        return local
    return None


def install_peers():
    if not find_check_jsonschema():
        log(f"bench: installing {CHECK_JSONSCHEMA} into bench/.tools/venv (pip)")
        venv = os.path.join(TOOLS, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", CHECK_JSONSCHEMA], check=True)
    if not find_ajv():
        log(f"bench: installing {AJV_CLI} into bench/.tools (npm)")
        os.makedirs(TOOLS, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", TOOLS, "--no-audit", "--no-fund", "--silent", AJV_CLI],
                       check=True)


def versions(cj: str | None, ajv: str | None) -> dict:
    v = {"commspec": try_sh([COMMSPEC, "--version"]) or "?", "sha256": file_sha(COMMSPEC)[:12],
         "rustc": try_sh(["rustc", "--version"]) or "?",
         "git": try_sh(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=12"]) or "?",
         "python": platform.python_version()}
    if cj:
        v["check-jsonschema"] = (try_sh([cj, "--version"]) or "?").replace("check-jsonschema, version ", "")
    if ajv:
        mods = os.path.normpath(os.path.join(os.path.dirname(os.path.realpath(ajv)), "..", ".."))
        for pkg in ("ajv-cli", "ajv", "js-yaml"):
            for base in (mods, os.path.join(mods, "ajv-cli", "node_modules")):
                try:
                    with open(os.path.join(base, pkg, "package.json")) as f:
                        v[pkg] = json.load(f)["version"]
                    break
                except OSError:
                    continue
        v["node"] = try_sh(["node", "--version"]) or "?"
    return v


# ── Data ───────────────────────────────────────────────────────────────────────────────

def file_sha(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def matrix_path(data: str, groups: int) -> str:
    return os.path.join(data, "matrix", f"matrix-{groups}.yaml")


def generate(data: str, sizes: list[int], build_n: int, matrix_groups: list[int], seed: int) -> dict:
    """Generate (or reuse) the specs, the per-N folders of hard links, and the matrix specs."""
    gen = os.path.join(BENCH, "gen.py")
    nmax = max(sizes + [build_n])
    manifest_path = os.path.join(data, "manifest.json")
    want = {"gen_sha256": file_sha(gen), "seed": seed, "count": nmax, "matrix_groups": matrix_groups}
    try:
        with open(manifest_path) as f:
            have = json.load(f)
    except (OSError, ValueError):
        have = None
    if have != want:
        log(f"bench: generating {nmax} specs and matrix specs of {matrix_groups} groups into {data}")
        os.makedirs(data, exist_ok=True)
        for name in os.listdir(data):  # the old data, not the binaries or the logs
            if name in ("specs", "matrix", "manifest.json") or (name[:1] == "n" and name[1:].isdigit()):
                path = os.path.join(data, name)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, gen, "specs", os.path.join(data, "specs"), "-n", str(nmax),
                        "--seed", str(seed)], check=True)
        for groups in matrix_groups:
            subprocess.run([sys.executable, gen, "matrix", matrix_path(data, groups),
                            "--groups", str(groups), "--seed", str(seed)], check=True)
        log(f"bench: generated in {time.perf_counter() - t0:.1f} s")
        names = sorted(os.listdir(os.path.join(data, "specs")))
        for n in sorted(set(sizes + [build_n])):
            if n > len(names):
                continue
            d = os.path.join(data, f"n{n}")
            os.makedirs(d)
            for name in names[:n]:
                src, dst = os.path.join(data, "specs", name), os.path.join(d, name)
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copyfile(src, dst)
        with open(manifest_path, "w") as f:
            json.dump(want, f)
    else:
        log(f"bench: reusing the data in {data} (same generator, seed and size)")
    specs = os.path.join(data, "specs")
    total = sum(os.path.getsize(os.path.join(specs, n)) for n in os.listdir(specs))
    return {"dir": data, "count": nmax, "bytes": total}


def check_clean(dirs: list[str]):
    """Every generated spec passes `commspec check` with no errors and no warnings."""
    for d in dirs:
        out = subprocess.run([COMMSPEC, "check", "--format", "short", d], capture_output=True, text=True)
        if out.returncode != 0 or out.stdout.strip():
            log(out.stdout[-4000:] + out.stderr[-2000:])
            raise SystemExit(f"bench: the generated specs in {d} are not clean (see above)")


# ── The benchmark ──────────────────────────────────────────────────────────────────────

TOOL_KEYS = ("commspec", "floor", "ajv", "check-jsonschema")


def check_tools(cj: str | None, ajv: str | None, keys) -> list[tuple[str, callable]]:
    """(name, argv builder for a folder of N specs, run with that folder as cwd)."""
    tools = []
    if "commspec" in keys:
        tools.append(("commspec check", lambda files: [COMMSPEC, "check", "."]))
    if "floor" in keys:
        tools.append(("parse floor (serde_yaml)", lambda files: [FLOOR, "."]))
    if ajv and "ajv" in keys:
        tools.append(("ajv-cli", lambda files: [ajv, "validate", "--spec=draft2020", "--allow-union-types",
                                                "-s", SCHEMA, "-d", "*.yaml"]))
    if cj and "check-jsonschema" in keys:
        tools.append(("check-jsonschema", lambda files: [cj, "--schemafile", SCHEMA] + files))
    return tools


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def summarize(runs: list[Run]) -> dict:
    return {"runs": len(runs), "wall": median([r.wall for r in runs]), "cpu": median([r.cpu for r in runs]),
            "par": median([r.cpu / r.wall for r in runs]),
            "rss_mb": median([r.rss_kb for r in runs]) / 1024, "min": min(r.wall for r in runs),
            "max": max(r.wall for r in runs)}


def bench_check(data: str, sizes: list[int], tools, reps: int, slow_reps: int, one_reps: int, logs: str) -> dict:
    results = {}
    for n in sizes:
        folder = os.path.join(data, f"n{n}")
        files = sorted(f for f in os.listdir(folder) if f.endswith(".yaml"))
        runs: dict[str, list[Run]] = {name: [] for name, _ in tools}
        n_reps = one_reps if n == 1 else reps
        for rep in range(n_reps):
            order = tools[rep % len(tools):] + tools[: rep % len(tools)]
            for name, build_argv in order:
                slow = name == "check-jsonschema" and n >= 10000
                if slow and rep >= slow_reps:
                    continue
                argv = build_argv(files)
                r = measure(argv, folder, os.path.join(logs, f"check-n{n}-{name.split()[0]}.log"))
                if r.code != 0:
                    with open(os.path.join(logs, f"check-n{n}-{name.split()[0]}.log"), errors="replace") as f:
                        tail = f.read()[-3000:]
                    raise SystemExit(f"bench: {name} failed on n={n} (exit {r.code}):\n{tail}")
                runs[name].append(r)
                log(f"bench: n={n:<6} rep {rep + 1}/{n_reps}  {name:<26} {r.wall:8.3f} s wall  "
                    f"{r.cpu:8.3f} s cpu  {r.rss_kb / 1024:7.1f} MB")
        results[n] = {name: summarize(rs) for name, rs in runs.items() if rs}
    return results


def count_output(out: str) -> tuple[int, int]:
    files = total = 0
    for base, _, names in os.walk(out):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(base, name))
    return files, total


def bench_build(jobs: list[tuple[str, str, int]], reps: int, slow_after: float, logs: str, scratch: str) -> dict:
    """jobs: (label, input path, groups). A job whose first run takes longer than slow_after
    seconds is not repeated (its one run is reported as such)."""
    runs: dict[str, list[Run]] = {label: [] for label, _, _ in jobs}
    outputs = {}
    slow = set()
    for rep in range(reps):
        order = jobs[rep % len(jobs):] + jobs[: rep % len(jobs)]
        for label, path, _ in order:
            if label in slow:
                continue
            slug = "".join(c if c.isalnum() else "-" for c in label)
            out = os.path.join(scratch, "out-" + slug)
            if os.path.exists(out):
                shutil.rmtree(out)
            os.makedirs(out)
            lp = os.path.join(logs, f"build-{slug}.log")
            r = measure([COMMSPEC, "build", path, "-o", out], ROOT, lp)
            if r.code != 0:
                with open(lp, errors="replace") as f:
                    raise SystemExit(f"bench: commspec build {label} failed (exit {r.code}):\n{f.read()[-3000:]}")
            runs[label].append(r)
            outputs[label] = count_output(out)
            shutil.rmtree(out)
            log(f"bench: build {label:<22} rep {rep + 1}/{reps}  {r.wall:8.3f} s wall  {r.cpu:8.3f} s cpu  "
                f"{r.rss_kb / 1024:7.1f} MB")
            if r.wall > slow_after:
                slow.add(label)
    res = {}
    for label, path, groups in jobs:
        s = summarize(runs[label])
        s["groups"] = groups
        s["out_files"], s["out_bytes"] = outputs[label]
        res[label] = s
    return res


def count_groups(data: str, n: int) -> int:
    """Groups that the first n specs expand into, from the header comment gen.py writes
    (`# 共 G 个群`)."""
    folder = os.path.join(data, f"n{n}")
    total = 0
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("# 共 "):
                    total += int(line.split()[2])
                    break
    return total


# ── Report ─────────────────────────────────────────────────────────────────────────────

def fmt_s(x: float) -> str:
    if x < 0.1:
        return f"{x * 1000:.1f} ms"
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def fmt_rate(n: float, t: float) -> str:
    r = n / t
    return f"{r:,.0f}" if r >= 100 else f"{r:,.1f}"


def report(meta: dict, checks: dict, builds: dict, smoke: bool) -> str:
    m, v = meta["machine"], meta["versions"]
    L = []
    L.append("# Benchmark results" + (" (smoke run: not a measurement)" if smoke else ""))
    L.append("")
    L.append("Generated by `python3 bench/run.py" + (" --smoke" if smoke else " --write") +
             "`; see [README](../README.md#benchmarks). Do not edit by hand: re-run the harness.")
    L.append("")
    L.append(f"- **Date**: {meta['date']}; the whole run took {meta['elapsed'] / 60:.0f} min "
             f"(build {meta['build_s']:.0f} s, data {meta['gen_s']:.0f} s, measurements {meta['bench_s'] / 60:.0f} min).")
    L.append(f"- **Machine**: {m.get('nproc')} cores (`nproc`), {m.get('mem_gib', 0):.1f} GiB memory (MemTotal), "
             f"{m.get('cpu', '?')}; {m.get('os')}. Load average {meta['load_before']} before the run, "
             f"{meta['load_after']} after (1, 5, 15 min); the 1-minute load before each measured run: median "
             f"{meta['load_med']:.2f}, range {meta['load_min']:.2f}–{meta['load_max']:.2f} (the benchmark itself "
             "counts for about 1).")
    L.append(f"- **Versions**: commspec `{v['git']}` ({v['commspec']}, release profile, binary sha256 "
             f"`{v['sha256']}…`, timed from a copy taken after the build), {v['rustc']}; "
             + ", ".join(f"{k} {v[k]}" for k in ("check-jsonschema", "ajv-cli", "ajv", "js-yaml", "node", "python")
                         if k in v) + ".")
    d = meta["data"]
    L.append(f"- **Data**: `python3 bench/gen.py specs bench/data/specs -n {d['count']} --seed {meta['seed']}` "
             f"({d['bytes'] / 1e6:.1f} MB, {d['bytes'] / d['count'] / 1024:.1f} KiB per spec on average; every spec "
             f"passes `commspec check` with no error and no warning) and `python3 bench/gen.py matrix "
             f"bench/data/matrix/matrix-G.yaml --groups G` for G in {meta['matrix_groups']}. Folder `bench/data/nN/` holds hard "
             "links to the first N specs. Dates and times are quoted in the specs, so js-yaml (ajv-cli) reads "
             "strings as commspec and check-jsonschema do: all tools read the same YAML files against the same "
             "schema, `schemas/commspec.schema.json`.")
    special = [f"{meta['one_reps']} at N = 1"] if 1 in checks else []
    if max(checks) >= 10000 and meta["slow_reps"] < meta["reps"]:
        special.append(f"{meta['slow_reps']} for check-jsonschema at N = 10,000, where one run takes minutes")
    if any(s["runs"] < meta["build_reps"] for s in builds.values()):
        special.append("a build whose first run takes over 2 minutes is not repeated")
    L.append(f"- **Method**: medians of {meta['reps']} repetitions" + (f" ({'; '.join(special)})" if special else "")
             + ". Within a repetition every tool runs once on the same folder, in an order that rotates with "
             "the repetition. Wall time is measured around the child"
             + (f" (run under GNU `/usr/bin/time -f %M`, which reports its peak RSS and adds "
                f"{meta['overhead'] * 1000:.1f} ms to each wall time)" if meta["gnu_time"] else
                " (peak RSS from `os.wait4`: an upper bound that includes the harness's own RSS, inherited "
                "at fork)")
             + "; CPU time (user + sys) comes from `os.wait4`. The data was checked once (which also warms "
             "the page cache) before timing.")
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("Run in `bench/data/nN/` (the files in it are the N specs):")
    L.append("")
    L.append("```sh")
    for c in meta["commands"]:
        L.append(c)
    L.append("```")
    L.append("")
    L.append("## `commspec check` and its peers")
    L.append("")
    L.append("Speed-up is the tool's wall time ÷ commspec's (how many times faster commspec is); for the floor "
             "it is commspec's ÷ the floor's (how far commspec is above a bare parse). CPU = user + sys seconds "
             "(over both cores for commspec, which checks files in parallel); cores used = CPU ÷ wall, the "
             "median over the runs: below 2 for commspec means it did not get both cores.")
    for n, res in checks.items():
        L.append("")
        L.append(f"### N = {n:,} file{'s' if n > 1 else ''}")
        L.append("")
        L.append("| tool | runs | wall (median) | min – max | files/s | CPU | cores used | peak RSS | commspec vs this |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        c = res["commspec check"]["wall"]
        for name, s in res.items():
            if name == "commspec check":
                ratio = "—"
            elif name.startswith("parse floor"):
                ratio = f"{c / s['wall']:.2f}× the floor"
            else:
                ratio = f"{s['wall'] / c:.1f}× faster"
            L.append(f"| {name} | {s['runs']} | {fmt_s(s['wall'])} | {fmt_s(s['min'])} – {fmt_s(s['max'])} | "
                     f"{fmt_rate(n, s['wall'])} | {fmt_s(s['cpu'])} | {s['par']:.2f} | {s['rss_mb']:.1f} MB | {ratio} |")
    L.append("")
    L.append("## `commspec build`")
    L.append("")
    if not builds:
        L.append("Not run (`--build-reps 0`).")
    else:
        L.append("| input | groups | runs | wall (median) | min – max | groups/s | CPU | peak RSS | output |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, s in builds.items():
        L.append(f"| {label} | {s['groups']:,} | {s['runs']} | {fmt_s(s['wall'])} | "
                 f"{fmt_s(s['min'])} – {fmt_s(s['max'])} | "
                 f"{fmt_rate(s['groups'], s['wall'])} | {fmt_s(s['cpu'])} | {s['rss_mb']:.1f} MB | "
                 f"{s['out_files']:,} files, {s['out_bytes'] / 1e6:.1f} MB |")
    L.append("")
    L.append("## Targets")
    L.append("")
    L.append("From the benchmark issue (on 2 cores):")
    L.append("")
    L.append(TARGETS_TEXT)
    L.append("")
    L.append("| target | measured | verdict |")
    L.append("|---|---|---|")
    for t in targets(checks) + build_targets(builds):
        L.append(f"| {t[0]} | {t[1]} | {t[2]} |")
    L.append("")
    return "\n".join(L)


def targets(checks: dict) -> list[tuple[str, str, str]]:
    out = []
    big = max(checks)
    r = checks[big]
    c = r["commspec check"]
    ok = lambda b: "**met**" if b else "**missed**"  # noqa: E731
    for peer, need in (("check-jsonschema", 20), ("ajv-cli", 5)):
        if peer in r:
            x = r[peer]["wall"] / c["wall"]
            out.append((f"check of {big:,} ≥ {need}× faster than {peer}",
                        f"{x:.1f}× ({fmt_s(r[peer]['wall'])} vs {fmt_s(c['wall'])})", ok(x >= need)))
        else:
            out.append((f"check of {big:,} ≥ {need}× faster than {peer}", "not run", "—"))
    f = r.get("parse floor (serde_yaml)")
    if f:
        x = c["wall"] / f["wall"]
        out.append((f"check of {big:,} within 2.5× of the parse floor",
                    f"{x:.2f}× ({fmt_s(c['wall'])} vs {fmt_s(f['wall'])}; CPU {c['cpu'] / f['cpu']:.2f}×)",
                    ok(x <= 2.5)))
    if 1000 in checks and big > 1000:
        a, b = checks[1000]["commspec check"]["rss_mb"], c["rss_mb"]
        x = (b - a) / a
        out.append((f"peak RSS within 10% between 1,000 and {big:,} files",
                    f"{a:.1f} MB → {b:.1f} MB ({x * 100:+.1f}%)", ok(abs(x) <= 0.10)))
    if 1 in checks:
        w = checks[1]["commspec check"]["wall"]
        out.append(("single-file check under 20 ms wall", fmt_s(w), ok(w < 0.020)))
    return out


def build_targets(builds: dict) -> list[tuple[str, str, str]]:
    """The scaling issue's targets, from the matrix builds of 1,000 and 10,000 groups."""
    ok = lambda b: "**met**" if b else "**missed**"  # noqa: E731
    by_groups = {s["groups"]: s for label, s in builds.items() if label.startswith("matrix")}
    big, small = by_groups.get(10000), by_groups.get(1000)
    if not big:
        return []
    out = [("build of 10,000 groups under 60 s wall", fmt_s(big["wall"]), ok(big["wall"] < 60)),
           ("build of 10,000 groups under 300 MB peak RSS", f"{big['rss_mb']:.1f} MB", ok(big["rss_mb"] < 300))]
    if small:
        x = big["wall"] / small["wall"]
        out.append(("build time linear in groups: 10,000 groups ≤ 12× 1,000 groups",
                    f"{x:.1f}× ({fmt_s(big['wall'])} vs {fmt_s(small['wall'])})", ok(x <= 12)))
    return out


# ── Main ───────────────────────────────────────────────────────────────────────────────

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="N in {1, 5}, one repetition, no installs (for CI)")
    ap.add_argument("--write", action="store_true", help="rewrite bench/RESULTS.md")
    ap.add_argument("--sizes", default="1,100,1000,10000", help="numbers of files (default 1,100,1000,10000)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions (default 5)")
    ap.add_argument("--one-reps", type=int, default=15, help="repetitions at N = 1 (default 15)")
    ap.add_argument("--slow-reps", type=int, default=3, help="check-jsonschema repetitions at N ≥ 10,000 (default 3)")
    ap.add_argument("--build-reps", type=int, default=3, help="repetitions of each build (default 3)")
    ap.add_argument("--matrix-groups", default="1000,10000",
                    help="groups of each matrix spec built (default 1000,10000; multiples of 40)")
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--tools", default=",".join(TOOL_KEYS),
                    help="which to time: commspec, floor, ajv, check-jsonschema (default all; commspec is always run)")
    ap.add_argument("--no-peers", action="store_true", help="run commspec and the floor only (= --tools commspec,floor)")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in target/release")
    args = ap.parse_args(argv)
    if args.smoke and args.write:
        ap.error("--smoke results are not measurements: they are never written to RESULTS.md")
    if args.smoke:
        args.sizes, args.reps, args.one_reps, args.slow_reps, args.build_reps = "1,5", 1, 1, 1, 1
        args.matrix_groups = "8"
    sizes = sorted({int(x) for x in args.sizes.split(",")})
    matrix_groups = sorted({int(x) for x in args.matrix_groups.split(",")})
    keys = {"commspec"} | {k.strip() for k in args.tools.split(",")}
    if keys - set(TOOL_KEYS):
        ap.error(f"--tools: unknown {', '.join(sorted(keys - set(TOOL_KEYS)))}; choose from {', '.join(TOOL_KEYS)}")
    if args.no_peers:
        keys -= {"ajv", "check-jsonschema"}

    t_start = time.perf_counter()
    load_before = loadavg()
    if not args.no_build:
        log("bench: cargo build --release --locked --bin commspec --example parse-floor")
        t0 = time.perf_counter()
        subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "commspec", "--example", "parse-floor"],
                       cwd=ROOT, check=True)
        build_s = time.perf_counter() - t0
    else:
        build_s = 0.0

    cj = ajv = None
    if keys & {"ajv", "check-jsonschema"}:
        if not args.smoke:
            install_peers()
        cj = find_check_jsonschema() if "check-jsonschema" in keys else None
        ajv = find_ajv() if "ajv" in keys else None
        for name, key, path in (("check-jsonschema", "check-jsonschema", cj), ("ajv-cli", "ajv", ajv)):
            if key in keys and not path:
                log(f"bench: {name} is not installed: skipped (--smoke does not install peers)")

    global GNU_TIME
    GNU_TIME = find_gnu_time(install=not args.smoke)
    if not GNU_TIME:
        log("bench: no GNU time at /usr/bin/time: peak RSS from os.wait4 includes this script's own RSS")
    overhead = wrapper_overhead()

    scratch = tempfile.mkdtemp(prefix="commspec-bench-") if args.smoke else os.path.join(BENCH, "data")
    global COMMSPEC, FLOOR
    bindir = os.path.join(scratch, "bin")
    os.makedirs(bindir, exist_ok=True)
    COMMSPEC, FLOOR = os.path.join(bindir, "commspec"), os.path.join(bindir, "parse-floor")
    shutil.copy2(BUILT_COMMSPEC, COMMSPEC)
    shutil.copy2(BUILT_FLOOR, FLOOR)
    vers = versions(cj, ajv)  # now: `git describe` names the tree that was just built
    try:
        logs = os.path.join(scratch, "logs")
        data = os.path.join(scratch, "smoke") if args.smoke else scratch
        t0 = time.perf_counter()
        if args.smoke:
            # the generator is deterministic: two runs write the same bytes
            a, b = os.path.join(scratch, "det-a"), os.path.join(scratch, "det-b")
            for d in (a, b):
                subprocess.run([sys.executable, os.path.join(BENCH, "gen.py"), "specs", d, "-n", "5"], check=True,
                               stderr=subprocess.DEVNULL)
            if any(file_sha(os.path.join(a, f)) != file_sha(os.path.join(b, f)) for f in os.listdir(a)):
                raise SystemExit("bench: gen.py is not deterministic")
        build_n = 1000 if not args.smoke else max(sizes)
        info = generate(data, sizes, build_n, matrix_groups, args.seed)
        os.makedirs(logs, exist_ok=True)
        matrices = [matrix_path(data, g) for g in matrix_groups]
        check_clean([os.path.join(data, f"n{max(sizes)}"), os.path.join(data, f"n{build_n}")] + matrices)
        gen_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        tools = check_tools(cj, ajv, keys)
        checks = bench_check(data, sizes, tools, args.reps, args.slow_reps, args.one_reps, logs)
        jobs = [(f"matrix spec ({g:,} groups)", m, g) for g, m in zip(matrix_groups, matrices)]
        jobs.append((f"{build_n:,} specs", os.path.join(data, f"n{build_n}"), count_groups(data, build_n)))
        builds = bench_build(jobs, args.build_reps, 120.0, logs, scratch) if args.build_reps > 0 else {}
        bench_s = time.perf_counter() - t0
    finally:
        if args.smoke:
            shutil.rmtree(scratch, ignore_errors=True)

    rel = lambda p: os.path.relpath(p, os.path.join(BENCH, "data", "nN"))  # noqa: E731
    commands = [f"{rel(BUILT_COMMSPEC)} check .", f"{rel(BUILT_FLOOR)} .",
                f"{rel(ajv) if ajv else 'ajv'} validate --spec=draft2020 --allow-union-types -s "
                f"{rel(SCHEMA)} -d '*.yaml'",
                f"{rel(cj) if cj and cj.startswith(ROOT) else 'check-jsonschema'} --schemafile {rel(SCHEMA)} "
                "spec-00001.yaml spec-00002.yaml …   # every file, in order",
                "# and from the repository root:",
                "target/release/commspec build bench/data/matrix/matrix-G.yaml -o <fresh dir>   # G = "
                + ", ".join(map(str, matrix_groups)),
                f"target/release/commspec build bench/data/n{build_n} -o <fresh dir>"]
    meta = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(),
            "versions": vers, "load_before": load_before, "load_after": loadavg(),
            "data": info, "seed": args.seed, "matrix_groups": ", ".join(f"{g:,}" for g in matrix_groups), "reps": args.reps,
            "one_reps": args.one_reps, "slow_reps": args.slow_reps, "build_reps": args.build_reps, "commands": commands,
            "elapsed": time.perf_counter() - t_start, "gnu_time": bool(GNU_TIME), "overhead": overhead,
            "load_med": median(LOADS), "load_min": min(LOADS), "load_max": max(LOADS), "build_s": build_s, "gen_s": gen_s, "bench_s": bench_s}
    text = report(meta, checks, builds, args.smoke)
    print(text)
    if args.write:
        path = os.path.join(BENCH, "RESULTS.md")
        keep = ""
        try:
            with open(path, encoding="utf-8") as f:
                old = f.read()
            if "\n## Remarks" in old:
                keep = old[old.index("\n## Remarks"):]
        except OSError:
            pass
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + keep)
        log(f"bench: wrote {os.path.relpath(path, ROOT)}")
    with open(os.path.join(BENCH, "data", "last.json") if not args.smoke else os.devnull, "w") as f:
        json.dump({"meta": meta, "checks": {str(k): v for k, v in checks.items()}, "builds": builds}, f, indent=1,
                  default=str)


if __name__ == "__main__":
    main()
