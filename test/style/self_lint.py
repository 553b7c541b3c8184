#!/usr/bin/env python3
"""Lints the project's own functions with the size checks of its .clang-tidy.

readability-function-size and readability-function-cognitive-complexity, with
the thresholds of the root .clang-tidy (80 lines, complexity 30), over every
translation unit of the build's compile_commands.json under src/, checks/ and
tools/. Prints one line per finding and exits 1 when there is any, or when a
file does not compile.

  self_lint.py BUILD_DIR WORK_DIR [-j N] [--root DIR] [--clangd PATH]
               [--clang-tidy PATH]

--root is the source tree whose src/, checks/, tools/ and .clang-tidy count
(default: the repository this script is in); self-lint.test points it at a
small tree with functions over the limits.

Why clangd and not run-clang-tidy: clang-tidy 19 runs its checks over the
whole translation unit, so each file paid for both checks walking every
inline function of the precompiled LLVM/Clang headers (about 4 of each
file's 6 CPU seconds). `clangd --check` runs the same clang-tidy checks over
the main file's own declarations only, as clangd does in an editor, and
parses the headers without their function bodies. The findings are the ones
clang-tidy reports without a header filter: functions defined in the main
file (self-lint.test shows both checks firing).

clangd reads the checks' options from .clang-tidy, as clang-tidy does. The
checks themselves come from a clangd config file in WORK_DIR: every check
that .clang-tidy enables is removed except the two (clangd applies its
config's Remove after its Add, so `Remove: ['*']` would remove them too).
The compile commands lose the precompiled header (clangd builds its own
preamble from the includes instead): that is cheaper here, and the lint does
not depend on the .pch file.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

CHECKS = ("readability-function-size",
          "readability-function-cognitive-complexity")
# The project's own translation units, relative to the repository root.
OWN = re.compile(r"^(src|checks|tools)/")
# CMake's precompiled-header flags (target_precompile_headers).
PCH_FLAGS = re.compile(r" -Xclang -include(-pch)? -Xclang \S+| -Winvalid-pch")
# clangd --check prints each diagnostic as "E[time] [name] Line N: message".
DIAGNOSTIC = re.compile(r"^E\[[^]]*\] \[([^]]*)\] Line (\d+): (.*)$")


def own_commands(root, build_dir):
    """The project's entries of compile_commands.json, without the PCH."""
    with open(os.path.join(build_dir, "compile_commands.json")) as db:
        entries = json.load(db)
    own = []
    for entry in entries:
        path = os.path.relpath(os.path.join(entry["directory"], entry["file"]),
                               root)
        if not OWN.match(path):
            continue
        # CMake writes each entry as one "command" string.
        entry = dict(entry, command=PCH_FLAGS.sub("", entry["command"]))
        own.append(entry)
    return own


def enabled_checks(root, clang_tidy):
    """The checks the root .clang-tidy enables, as clang-tidy lists them."""
    listing = subprocess.run([clang_tidy, "--list-checks"], cwd=root,
                             check=True, capture_output=True, text=True).stdout
    return [line.strip() for line in listing.splitlines()
            if line.startswith("    ")]


def write_config(work_dir, root, clang_tidy):
    """A clangd user config (XDG_CONFIG_HOME=WORK_DIR) with just the two."""
    others = [c for c in enabled_checks(root, clang_tidy) if c not in CHECKS]
    os.makedirs(os.path.join(work_dir, "clangd"), exist_ok=True)
    with open(os.path.join(work_dir, "clangd", "config.yaml"), "w") as config:
        config.write("Diagnostics:\n"
                     # clangd's own include diagnostics are not asked for.
                     "  UnusedIncludes: None\n"
                     "  MissingIncludes: None\n"
                     "  ClangTidy:\n"
                     "    Add: [%s]\n"
                     "    Remove: [%s]\n"
                     # clangd would otherwise skip checks it has not timed.
                     "    FastCheckFilter: None\n"
                     % (", ".join(CHECKS), ", ".join(others)))


def lint(clangd, work_dir, path):
    """Runs clangd --check on one file: (path, findings, failure or None)."""
    env = dict(os.environ, XDG_CONFIG_HOME=work_dir)
    run = subprocess.run(
        [clangd, "--check=" + path, "--check-locations=false",
         "--check-warnings", "--clang-tidy", "--compile-commands-dir=" +
         work_dir, "--log=error"],
        env=env, capture_output=True, text=True)
    findings = []
    for line in run.stderr.splitlines():
        match = DIAGNOSTIC.match(line)
        # Compiler warnings are printed too (--check-warnings): only the two
        # checks count, and errors, which make clangd exit non-zero.
        if match and match.group(1) in CHECKS:
            findings.append("%s:%s: warning: %s [%s]" % (
                path, match.group(2), match.group(3), match.group(1)))
    failure = None
    if run.returncode != 0:
        failure = "%s: clangd --check failed (exit %d):\n%s" % (
            path, run.returncode, run.stderr)
    return path, findings, failure


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("work_dir")
    parser.add_argument("-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    parser.add_argument("--clangd", default="clangd")
    parser.add_argument("--clang-tidy", default="clang-tidy")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    work_dir = os.path.abspath(args.work_dir)
    os.makedirs(work_dir, exist_ok=True)

    entries = own_commands(root, os.path.abspath(args.build_dir))
    with open(os.path.join(work_dir, "compile_commands.json"), "w") as db:
        json.dump(entries, db, indent=1)
    write_config(work_dir, root, args.clang_tidy)

    # Largest files first, so that no long file starts last.
    paths = sorted((os.path.join(e["directory"], e["file"]) for e in entries),
                   key=lambda p: -os.path.getsize(p))
    if not paths:
        print("self_lint: no project file in compile_commands.json")
        return 1
    status = 0
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        for path, findings, failure in pool.map(
                lambda p: lint(args.clangd, work_dir, p), paths):
            for finding in findings:
                print(finding)
            if failure:
                print(failure)
            if findings or failure:
                status = 1
    print("self_lint: %d files" % len(paths))
    return status


if __name__ == "__main__":
    sys.exit(main())
