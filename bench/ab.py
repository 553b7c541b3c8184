#!/usr/bin/env python3
"""Check time of two plugin builds on the same translation units, interleaved.

  python3 bench/ab.py --before OLD.so --after NEW.so [--repeat N] TU.cpp...

For each TU, runs clang-tidy with `lostcancel-*` and `--enable-check-profile`
N times per build, alternating the builds run by run (so both see the same
drift of a shared machine), and prints one markdown row per TU: the median
check time of each build (with min and max) and its number of findings.
"""
import argparse
import os
import re
import statistics
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
# The profile's Total row: User, [System,] User+System, Wall. clang-tidy
# leaves out the System column when the run's system time rounds to zero.
TOTAL = re.compile(r"^\s+((?:\S+ \(.*?\)\s+){3,4})Total$", re.M)


def check_time(tidy, plugin, tu, flags):
    """Seconds of lostcancel-* check time (user+system), and findings."""
    run = subprocess.run(
        [tidy, "--load=" + plugin, "--checks=-*,lostcancel-*", "--quiet",
         "--enable-check-profile", tu, "--"] + flags,
        capture_output=True, text=True, check=False)
    text = run.stdout + run.stderr
    total = TOTAL.search(text)
    if not total:
        raise SystemExit("ab: no check profile for %s:\n%s" % (tu, text))
    columns = re.findall(r"(\S+) \(", total.group(1))
    return float(columns[-2]), len(re.findall(r"\[lostcancel-", text))


def cell(times, findings):
    return "%.1f ms (%.1f-%.1f), %d findings" % (
        1000 * statistics.median(times), 1000 * min(times), 1000 * max(times),
        findings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--clang-tidy", default="/usr/lib/llvm-19/bin/clang-tidy")
    parser.add_argument("tus", nargs="+")
    args = parser.parse_args()
    flags = ["-std=c++17", "-I" + os.path.join(HERE, "include")]
    print("| TU | before | after |")
    print("|---|---|---|")
    for tu in args.tus:
        times = {"before": [], "after": []}
        found = {}
        for _ in range(args.repeat):
            for name in ("before", "after"):
                seconds, findings = check_time(
                    args.clang_tidy, getattr(args, name), tu, flags)
                times[name].append(seconds)
                found[name] = findings
        print("| %s | %s | %s |" % (os.path.basename(tu),
                                    cell(times["before"], found["before"]),
                                    cell(times["after"], found["after"])))


if __name__ == "__main__":
    main()
