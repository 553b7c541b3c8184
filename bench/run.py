#!/usr/bin/env python3
"""The lostcancel benchmark: cost per translation unit, scaling, real TUs.

  python3 bench/run.py [--repeat N] [--quick] [--out DIR] [--only PARTS]

PARTS (comma-separated): synthetic, scaling, paths, lines, real, chains
(helper chains of depth 1, 2, 4, 8, issue 17). Raw numbers
go to DIR/bench.json (default bench/results/), a markdown report to
DIR/bench.md; bench/report.py joins it with the side-by-side comparison into
bench/RESULTS.md.

Every number is a median over N repetitions (default 5). Each repetition
runs, back to back, clang-tidy on the TU without our checks (the baseline)
and with them; the ratio is taken within the repetition, then the median of
the ratios. A third run per repetition carries --enable-check-profile, whose
"lostcancel-*" wall time is the checks' own time, taken as a share of that
same run's wall time (the profiler is kept out of the ratio runs: with many
checks enabled its own cost is large). Peak memory is the child's maximum resident set
(wait4's ru_maxrss). The plugin is loaded in both runs.
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LLVM_BIN = "/usr/lib/llvm-19/bin"
GEN = os.path.join(HERE, "gen.py")
INCLUDE = os.path.join(HERE, "include")

# The baseline: clang-tidy must parse the TU, and with no check at all it does
# not; one built-in check whose matchers cost next to nothing makes it.
BASE_CHECKS = "-*,misc-unused-alias-decls"
# A typical CI set, for the overhead against a realistic clang-tidy run.
TYPICAL_CHECKS = "-*,bugprone-*,performance-*"

# The last time column is the wall time. clang-tidy leaves out the system
# time column when the run's system time rounds to zero, so there are three
# or four columns.
PROFILE_LINE = re.compile(
    r"^\s*(?:[\d.]+ \(\s*[\d.]+%\)\s+){2,3}([\d.]+) \(\s*[\d.]+%\)\s+(\S+)\s*$")


# --------------------------------------------------------------------------
# Running and measuring.


def run_measured(command, cwd=None):
    """Runs COMMAND; returns (wall seconds, peak RSS in MiB, status, stdout,
    stderr). Peak memory is the child's own, from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child
            try:
                if cwd:
                    os.chdir(cwd)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.execvp(command[0], command)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return (wall, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status),
                out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def check_time(stderr):
    """Sum of the lostcancel-* wall times in clang-tidy's check profile."""
    total = 0.0
    for line in stderr.splitlines():
        match = PROFILE_LINE.match(line)
        if match and match.group(2).startswith("lostcancel-"):
            total += float(match.group(1))
    return total


class Tidy:
    def __init__(self, plugin):
        self.binary = shutil.which("clang-tidy-19") or os.path.join(
            LLVM_BIN, "clang-tidy")
        self.plugin = plugin

    def command(self, source, checks, flags, profile=False, config=None):
        command = [self.binary, "--load=" + self.plugin, "--checks=" + checks,
                   "--quiet"]
        if profile:
            command.append("--enable-check-profile")
        if config:
            command.append("--config=" + config)
        return command + [source, "--"] + flags

    def version(self):
        done = subprocess.run([self.binary, "--version"], capture_output=True,
                              text=True)
        match = re.search(r"version (\S+)", done.stdout)
        return match.group(1) if match else "?"


def findings(stdout):
    return len(re.findall(r"warning: .*\[lostcancel-[a-z-]+\]", stdout))


def compare(tidy, source, flags, repeat, base_checks=BASE_CHECKS,
            config=None):
    """Baseline against lostcancel, REPEAT times back to back."""
    runs = []
    for index in range(repeat):
        with_checks = base_checks + ",lostcancel-*"
        # The profiler times every matcher callback of every enabled check,
        # which costs a lot with many checks: the overhead is measured
        # without it, and the check time in a third run of lostcancel-*
        # alone (on the minimal baseline) with it.
        trio = [("base", base_checks, False), ("with", with_checks, False)]
        if index % 2:  # alternate the order, so neither always runs first
            trio.reverse()
        trio.append(("profile", BASE_CHECKS + ",lostcancel-*", True))
        sample = {}
        for name, checks, profile in trio:
            wall, rss, status, out, err = run_measured(
                tidy.command(source, checks, flags, profile, config))
            if status != 0 and "error:" in err:
                raise SystemExit("clang-tidy failed on %s:\n%s" % (source,
                                                                  err[-2000:]))
            sample[name] = {"wall": wall, "rss": rss}
            if name == "profile":
                sample["check"] = check_time(err)
                sample["findings"] = findings(out)
        runs.append(sample)
    med = lambda values: statistics.median(values)
    return {
        "runs": runs,
        "base_wall": med([r["base"]["wall"] for r in runs]),
        "with_wall": med([r["with"]["wall"] for r in runs]),
        "check": med([r["check"] for r in runs]),
        "ratio": med([r["with"]["wall"] / r["base"]["wall"] for r in runs]),
        "check_share": med([r["check"] / r["profile"]["wall"] for r in runs]),
        "base_rss": med([r["base"]["rss"] for r in runs]),
        "with_rss": med([r["with"]["rss"] for r in runs]),
        "findings": sorted({r["findings"] for r in runs}),
    }


def generate(path, *args):
    done = subprocess.run([sys.executable, GEN, "-o", path] + list(args),
                          capture_output=True, text=True, check=True)
    seeded = int(re.search(r"seeded-leaks: (\d+)", done.stderr).group(1))
    sites = int(re.search(r"sites: (\d+)", done.stderr).group(1))
    with open(path) as f:
        lines = sum(1 for _ in f)
    return seeded, lines, sites


def fit_exponent(xs, ys):
    """Least-squares slope of log y against log x."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum(
        (a - mx) ** 2 for a in lx)


# --------------------------------------------------------------------------
# The parts.

CXX_FLAGS = ["-std=c++17", "-I" + INCLUDE]


def part_synthetic(tidy, work, args, report):
    params = ["--functions", "200", "--sites", "4", "--depth", "3", "--loops",
              "1", "--lambdas", "1", "--leak-every", "5"]
    if args.quick:
        params[1] = "40"
    source = os.path.join(work, "synthetic.cpp")
    seeded, lines, sites = generate(source, *params)
    result = compare(tidy, source, CXX_FLAGS, args.repeat)
    result.update({"params": " ".join(params), "seeded": seeded,
                   "sites": sites,
                   "lines": lines, "command_with": " ".join(tidy.command(
                       "synthetic.cpp", BASE_CHECKS + ",lostcancel-*",
                       CXX_FLAGS, True))})
    report["synthetic"] = result


def part_scaling(tidy, work, args, report):
    """More functions (the TU grows) and more sites in one function."""
    series = {
        "functions": lambda k: ["--functions", str(25 * k), "--sites", "4"],
        "one-function": lambda k: ["--functions", "1", "--sites",
                                   str(25 * k)],
    }
    factors = [1, 2, 4, 8, 16] if not args.quick else [1, 2, 4]
    out = {}
    for name, params_for in series.items():
        rows = []
        for k in factors:
            params = params_for(k) + ["--depth", "2", "--loops", "1",
                                      "--lambdas", "1", "--leak-every", "5"]
            source = os.path.join(work, "scale-%s-%d.cpp" % (name, k))
            seeded, lines, sites = generate(source, *params)
            result = compare(tidy, source, CXX_FLAGS, args.repeat)
            rows.append({"factor": k, "sites": sites, "lines": lines,
                         "seeded": seeded,
                         "params": " ".join(params), **{
                             key: result[key] for key in (
                                 "check", "base_wall", "with_wall", "ratio",
                                 "findings", "base_rss", "with_rss")}})
            print("  scaling %s x%d: check %.4f s" % (name, k,
                                                      result["check"]),
                  file=sys.stderr)
        out[name] = {
            "rows": rows,
            "check_exponent": fit_exponent([r["sites"] for r in rows],
                                           [r["check"] for r in rows]),
            "process_exponent": fit_exponent([r["sites"] for r in rows],
                                             [r["with_wall"] for r in rows]),
        }
    report["scaling"] = out


CHAIN_DEPTHS = [1, 2, 4, 8]


def part_chains(tidy, work, args, report):
    """Helper chains (issue 17): F callers whose handles pass through a read
    chain and a release chain of depth D each (gen.py --chains D). Fitted
    against D; the TU grows linearly with D (2·F·D helpers), so b near 1 is
    linear, and an analysis that recomputed summaries (each read helper
    calls the next twice) would show 2^D."""
    callers = 20 if args.quick else 100
    rows = []
    for depth in CHAIN_DEPTHS:
        params = ["--chains", str(depth), "--functions", str(callers),
                  "--leak-every", "5"]
        source = os.path.join(work, "chains-%d.cpp" % depth)
        seeded, lines, sites = generate(source, *params)
        result = compare(tidy, source, CXX_FLAGS, args.repeat)
        rows.append({"depth": depth, "sites": sites, "lines": lines,
                     "seeded": seeded, "params": " ".join(params), **{
                         key: result[key] for key in (
                             "check", "base_wall", "with_wall", "ratio",
                             "findings", "base_rss", "with_rss")}})
        print("  chains depth %d: check %.4f s" % (depth, result["check"]),
              file=sys.stderr)
    report["chains"] = {
        "rows": rows,
        "check_exponent": fit_exponent([r["depth"] for r in rows],
                                       [r["check"] for r in rows]),
        "process_exponent": fit_exponent([r["depth"] for r in rows],
                                         [r["with_wall"] for r in rows]),
        "command_with": " ".join(tidy.command(
            "chains-D.cpp", BASE_CHECKS + ",lostcancel-*", CXX_FLAGS, True)),
    }


PATH_VARIANTS = {
    "leak": ["--leak"],
    "clean": [],
    # Created and released under the same flag test (SPEC §7.14).
    "correlated": ["--correlated"],
    "correlated-leak": ["--correlated", "--leak"],
}


def part_paths(tidy, work, args, report):
    out = {}
    for mode, flags in PATH_VARIANTS.items():
        source = os.path.join(work, "paths-%s.cpp" % mode)
        params = ["--paths", "1000"] + flags
        seeded, lines, _ = generate(source, *params)
        result = compare(tidy, source, CXX_FLAGS, args.repeat)
        out[mode] = {"params": " ".join(params), "seeded": seeded,
                     "lines": lines, **{k: result[k] for k in (
                         "check", "base_wall", "with_wall", "ratio",
                         "findings")}}
    report["paths"] = out


def part_lines(tidy, work, args, report):
    source = os.path.join(work, "lines.cpp")
    seeded, lines, sites = generate(source, "--lines", "20000")
    result = compare(tidy, source, CXX_FLAGS, args.repeat)
    report["lines"] = {"seeded": seeded, "lines": lines, "sites": sites, **{k: result[k] for k in (
        "check", "base_wall", "with_wall", "ratio", "findings", "base_rss",
        "with_rss")}}


REAL_TUS = [
    # name, source, flags, what it is
    ("libstdc++", "stdcxx.cpp", ["-std=c++20", "-I" + INCLUDE],
     "`<bits/stdc++.h>` (all of libstdc++ 12, C++20) and 20 functions of "
     "go-context code (bench/real/stdcxx.cpp)"),
    ("Boost.Asio", "asio.cpp", ["-std=c++17", "-pthread", "-I" + INCLUDE],
     "`<boost/asio.hpp>` (Boost 1.74) with a timer-driven TCP client and "
     "go-context code (bench/real/asio.cpp)"),
    ("googletest", "/usr/src/googletest/googletest/src/gtest-all.cc",
     ["-std=c++17", "-I/usr/src/googletest/googletest",
      "-I/usr/src/googletest/googletest/include"],
     "googletest's `gtest-all.cc` from Debian's `googletest` package: the "
     "whole library in one TU"),
]


def part_real(tidy, work, args, report):
    rows = []
    for name, source, flags, what in REAL_TUS:
        if not os.path.isabs(source):
            source = os.path.join(HERE, "real", source)
        if not os.path.exists(source):
            rows.append({"name": name, "missing": source})
            continue
        print("  real %s" % name, file=sys.stderr)
        minimal = compare(tidy, source, flags, args.repeat)
        typical = compare(tidy, source, flags, args.repeat,
                          base_checks=TYPICAL_CHECKS)
        with open(source, errors="replace") as f:
            own_lines = sum(1 for _ in f)
        pre = subprocess.run([shutil.which("clang++-19") or os.path.join(
            LLVM_BIN, "clang++"), "-E", "-x", "c++", source] + flags,
            capture_output=True, text=True)
        rows.append({"name": name, "source": source, "what": what,
                     "flags": " ".join(flags), "lines": own_lines,
                     "preprocessed_lines": pre.stdout.count("\n"),
                     "minimal": minimal, "typical": typical})
    report["real"] = rows


# --------------------------------------------------------------------------
# The markdown.


def fmt_s(seconds):
    return "%.1f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def pct(ratio):
    return "%+.1f%%" % ((ratio - 1) * 100)


def markdown(report, args):
    lines = []
    add = lines.append
    machine = report["machine"]
    add("## Machine")
    add("")
    add("- %s, %s cores, %s GiB RAM, kernel %s" % (
        machine["cpu"], machine["cores"], machine["ram_gib"],
        machine["kernel"]))
    add("- clang-tidy %s (Debian), plugin `%s` (built %s)" % (
        machine["clang_tidy"], os.path.relpath(machine["plugin"], ROOT),
        machine["build_type"]))
    add("- %d repetitions per number, medians; command: `%s`" % (
        args.repeat, machine["command"]))
    add("- baseline (\"without our checks\"): `--checks='%s'` with the "
        "plugin loaded (with no check enabled at all clang-tidy does not "
        "even parse the TU); our run adds `lostcancel-*`; the check time comes "
        "from a third run with `--enable-check-profile`" % BASE_CHECKS)
    add("")
    if "synthetic" in report:
        s = report["synthetic"]
        add("## Synthetic translation unit")
        add("")
        add("`python3 bench/gen.py %s`: %d lines, %d creation sites, %d "
            "seeded leaks." % (s["params"], s["lines"], s["sites"],
                               s["seeded"]))
        add("")
        add("| baseline | with lostcancel-* | whole-process ratio | "
            "lostcancel-* check time | check time / process | findings |")
        add("|---|---|---|---|---|---|")
        add("| %s | %s | %.3f (%s) | %s | %.1f%% | %s of %d seeded |" % (
            fmt_s(s["base_wall"]), fmt_s(s["with_wall"]), s["ratio"],
            pct(s["ratio"]), fmt_s(s["check"]), s["check_share"] * 100,
            "/".join(map(str, s["findings"])), s["seeded"]))
        add("")
        add("Command (check time): `%s`" % s["command_with"])
        add("")
    if "scaling" in report:
        add("## Scaling")
        add("")
        titles = {
            "functions": "More functions: 25·k functions of 4 sites each "
                         "(`--functions 25k --sites 4 --depth 2 --loops 1 "
                         "--lambdas 1`)",
            "one-function": "More sites in one function: one function of "
                            "25·k sites (`--functions 1 --sites 25k ...`)",
        }
        for name, series in report["scaling"].items():
            add("### " + titles[name])
            add("")
            add("| k | sites | lines | check time | process (base → with) | "
                "findings / seeded |")
            add("|---|---|---|---|---|---|")
            for row in series["rows"]:
                add("| %d | %d | %d | %s | %s → %s | %s / %d |" % (
                    row["factor"], row["sites"], row["lines"],
                    fmt_s(row["check"]), fmt_s(row["base_wall"]),
                    fmt_s(row["with_wall"]),
                    "/".join(map(str, row["findings"])), row["seeded"]))
            add("")
            add("Fitted exponent (check time ∝ sites^b): **b = %.2f**; "
                "whole process with our checks: b = %.2f." % (
                    series["check_exponent"], series["process_exponent"]))
            add("")
    if "chains" in report:
        ch = report["chains"]
        add("## Helper chains (issue 17)")
        add("")
        add("%s callers, each with a read chain and a release chain of "
            "depth D (`gen.py %s`, D varied)." % (
                ch["rows"][0]["sites"], ch["rows"][0]["params"]))
        add("")
        add("| depth D | lines | check time | process (base → with) | "
            "findings / seeded |")
        add("|---|---|---|---|---|")
        for row in ch["rows"]:
            add("| %d | %d | %s | %s → %s | %s / %d |" % (
                row["depth"], row["lines"], fmt_s(row["check"]),
                fmt_s(row["base_wall"]), fmt_s(row["with_wall"]),
                "/".join(map(str, row["findings"])), row["seeded"]))
        add("")
        add("Fitted exponent (check time ∝ D^b): **b = %.2f**; whole process "
            "with our checks: b = %.2f." % (ch["check_exponent"],
                                             ch["process_exponent"]))
        add("")
        add("Command (check time): `%s`" % ch["command_with"])
        add("")
    if "paths" in report:
        add("## 2^1000 paths")
        add("")
        add("One function: a handle created, then 1000 independent if/else "
            "statements (`python3 bench/gen.py --paths 1000 [--leak]`); the "
            "correlated variants create the handle under `if (flag)` before "
            "them and release it under `if (flag)` after them (`--correlated`).")
        add("")
        add("| variant | lines | check time | process (base → with) | "
            "findings / seeded |")
        add("|---|---|---|---|---|")
        for mode, row in report["paths"].items():
            add("| %s | %d | %s | %s → %s | %s / %d |" % (
                mode, row["lines"], fmt_s(row["check"]),
                fmt_s(row["base_wall"]), fmt_s(row["with_wall"]),
                "/".join(map(str, row["findings"])), row["seeded"]))
        add("")
    if "lines" in report:
        row = report["lines"]
        add("## One 20,000-line function")
        add("")
        add("`python3 bench/gen.py --lines 20000`: %d lines, %d creation "
            "sites in one function, %d seeded leaks." % (
                row["lines"], row["sites"], row["seeded"]))
        add("")
        add("| check time | process (base → with) | peak memory (base → "
            "with) | findings / seeded |")
        add("|---|---|---|---|")
        add("| %s | %s → %s | %.0f → %.0f MiB | %s / %d |" % (
            fmt_s(row["check"]), fmt_s(row["base_wall"]),
            fmt_s(row["with_wall"]), row["base_rss"], row["with_rss"],
            "/".join(map(str, row["findings"])), row["seeded"]))
        add("")
    if "real" in report:
        add("## Real translation units")
        add("")
        add("Overhead of `lostcancel-*` in percent of clang-tidy's time, "
            "against the minimal baseline (`%s`) and against a typical CI "
            "set (`%s`); the check time is the profiler's lostcancel-* wall "
            "time as a share of the whole run." % (BASE_CHECKS,
                                                    TYPICAL_CHECKS))
        add("")
        add("| TU | preprocessed lines | minimal: base → with (overhead) | "
            "typical: base → with (overhead) | check time (share) | peak "
            "memory base → with | findings |")
        add("|---|---|---|---|---|---|---|")
        for row in report["real"]:
            if "missing" in row:
                add("| %s | not found: %s | | | | | |" % (row["name"],
                                                       row["missing"]))
                continue
            m, t = row["minimal"], row["typical"]
            add("| %s | %d | %s → %s (%s) | %s → %s (%s) | %s (%.2f%%) | "
                "%.0f → %.0f MiB | %s |" % (
                    row["name"], row["preprocessed_lines"],
                    fmt_s(m["base_wall"]), fmt_s(m["with_wall"]),
                    pct(m["ratio"]), fmt_s(t["base_wall"]),
                    fmt_s(t["with_wall"]), pct(t["ratio"]),
                    fmt_s(m["check"]), m["check_share"] * 100,
                    m["base_rss"], m["with_rss"],
                    "/".join(map(str, m["findings"]))))
        add("")
        for row in report["real"]:
            if "missing" not in row:
                add("- %s: %s; flags `%s`" % (row["name"], row["what"],
                                             row["flags"]))
        add("")
    return "\n".join(lines) + "\n"


def cpu_model(unknown="?"):
    """The CPU's model name from /proc/cpuinfo (bench/lsp_latency.py too)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return unknown


def machine_info(tidy, args):
    cpu = cpu_model()
    with open("/proc/meminfo") as f:
        ram = int(f.readline().split()[1]) / 1024 / 1024
    build_type = "?"
    cache = os.path.join(os.path.dirname(os.path.dirname(tidy.plugin)),
                         "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as f:
            match = re.search(r"^CMAKE_BUILD_TYPE:\w+=(\S*)", f.read(), re.M)
            build_type = match.group(1) if match else "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(ram),
            "kernel": platform.release(), "clang_tidy": tidy.version(),
            "plugin": tidy.plugin, "build_type": build_type,
            "date": time.strftime("%Y-%m-%d %H:%M %Z"),
            "command": "python3 bench/run.py " + " ".join(sys.argv[1:])}


PARTS = {"synthetic": part_synthetic, "scaling": part_scaling,
         "paths": part_paths, "lines": part_lines, "real": part_real,
         "chains": part_chains}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="smaller inputs, for a smoke run")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    parser.add_argument("--only", default=",".join(PARTS))
    parser.add_argument("--plugin", default=os.path.join(ROOT, "build", "lib",
                                                         "LostCancel.so"))
    parser.add_argument("--work", default=None,
                        help="where generated files go (default: a temp dir)")
    args = parser.parse_args()
    parts = args.only.split(",")
    for part in parts:
        if part not in PARTS:
            parser.error("--only: unknown part '%s' (known: %s)" % (
                part, ", ".join(PARTS)))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not os.path.exists(args.plugin):
        parser.error("--plugin: %s does not exist (bash scripts/setup.sh "
                     "builds it)" % args.plugin)
    tidy = Tidy(os.path.abspath(args.plugin))
    build_type = machine_info(tidy, args)["build_type"]
    if build_type not in ("Release", "RelWithDebInfo", "MinSizeRel"):
        print("bench: warning: the plugin's build type is '%s', not an "
              "optimised one; the numbers will not be representative"
              % build_type, file=sys.stderr)
    work = args.work or tempfile.mkdtemp(prefix="lostcancel-bench.")
    os.makedirs(work, exist_ok=True)
    report = {"machine": machine_info(tidy, args)}
    for part in parts:
        print("bench: %s" % part, file=sys.stderr)
        PARTS[part](tidy, work, args, report)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bench.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(args.out, "bench.md"), "w") as f:
        f.write(markdown(report, args))
    print("bench: wrote %s" % os.path.join(args.out, "bench.md"),
          file=sys.stderr)


if __name__ == "__main__":
    main()
