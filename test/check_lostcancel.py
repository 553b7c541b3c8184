#!/usr/bin/env python3
"""Run clang-tidy with the lostcancel plugin on one test file and verify the
expectations written inline in it.

Usage (from a lit RUN line, through the %check_lostcancel substitution):

  check_lostcancel.py [--checks=GLOB] [--config=YAML] [--expect-errors]
                      SOURCE -- [compiler arguments]

Expectations are comments in SOURCE:

  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: ... [lostcancel-unreleased]
  // CHECK-NOTES:    :[[@LINE-2]]:3: note: ...

Rules:
  * CHECK-MESSAGES lines are matched, in order, against the warnings and
    errors clang-tidy prints; any warning or error they do not match fails.
  * CHECK-NOTES lines are matched against warnings, errors and notes; any
    diagnostic they do not match fails.
  * A file without CHECK-MESSAGES or CHECK-NOTES must produce no diagnostic.
  * --expect-errors: the file does not compile on purpose, so clang-tidy may
    exit non-zero; the compiler's errors are diagnostics like any other and
    must be matched by expectations. clang-tidy must still not crash.
  * A crash of clang-tidy always fails.

Fix-its: clang-tidy runs on a copy of SOURCE whose CHECK comments are
blanked (so line numbers stay the same). When SOURCE has CHECK-FIXES lines it
runs with --fix, and then:
  * the CHECK-FIXES lines are matched against the fixed copy (write the
    unchanged lines too, to show where no fix-it may be inserted);
  * the fixed copy must compile (clang -fsyntax-only, same arguments);
  * a second run on it must report only the findings that had no fix-it,
    and a second --fix must change nothing.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

DIAG_RE = re.compile(r"^(.*):(\d+):(\d+): (warning|error|note): (.*)$")
# What clang-tidy prints when it (or the plugin) crashes, or when a sanitizer
# in a sanitized build reports; shared with test/fuzz and test/sweep.
CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:", "Segmentation fault",
                 "ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                 "UndefinedBehaviorSanitizer", "runtime error:")
CHECK_COMMENT_RE = re.compile(r"//\s*CHECK-(MESSAGES|NOTES|FIXES)\b.*$")
FIX_NOTE_RE = re.compile(r"note: FIX-IT (applied|detected)")


def fail(message, output=None):
    sys.stderr.write("check_lostcancel: FAIL: %s\n" % message)
    if output is not None:
        sys.stderr.write("------ clang-tidy output ------\n%s\n" % output)
    sys.exit(1)


def prefixes_in(source_text):
    found = []
    for prefix in ("CHECK-MESSAGES", "CHECK-NOTES"):
        if re.search(r"//\s*%s:" % re.escape(prefix), source_text):
            found.append(prefix)
    return found


def diagnostic_lines(output, keep_kinds):
    lines = []
    for line in output.splitlines():
        match = DIAG_RE.match(line)
        if match and match.group(4) in keep_kinds and not FIX_NOTE_RE.search(line):
            lines.append(line)
    return "\n".join(lines) + "\n"


def run_tidy(args, path, compile_args, fix):
    cmd = [args.clang_tidy, "--load=" + args.plugin,
           "--checks=-*," + args.checks, "--quiet"]
    if fix:
        cmd.append("--fix")
    if args.config is not None:
        cmd.append("--config=" + args.config)
    cmd += [path, "--"] + compile_args
    env = dict(os.environ)
    if args.preload:
        # A sanitizer build of the plugin inside an uninstrumented clang-tidy.
        env.update(LD_PRELOAD=args.preload, ASAN_OPTIONS="detect_leaks=0",
                   UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    output = result.stdout + result.stderr
    if result.returncode < 0 or any(m in output for m in CRASH_MARKERS):
        fail("clang-tidy crashed (exit %d)" % result.returncode, output)
    if result.returncode != 0 and not args.expect_errors:
        # clang-tidy exits non-zero on compiler errors; warnings alone exit 0.
        fail("clang-tidy exited with %d" % result.returncode, output)
    return output


def warning_count(output):
    return len(re.findall(r"^.*:\d+:\d+: warning: ", output, re.M))


def fixed_count(output):
    """The number of warnings with at least one applied fix-it."""
    count, current_fixed = 0, None
    for line in output.splitlines():
        match = DIAG_RE.match(line)
        if not match:
            continue
        if match.group(4) == "warning":
            count += 1 if current_fixed else 0
            current_fixed = False
        elif current_fixed is not None and FIX_NOTE_RE.search(line):
            current_fixed = True
    return count + (1 if current_fixed else 0)


def check_fixes(args, source, fixed_path, compile_args, first_output):
    with open(fixed_path, encoding="utf-8") as handle:
        fixed = handle.read()
    run_filecheck(args.filecheck, source, "CHECK-FIXES", fixed, [])
    compiler = args.clang if fixed_path.endswith(".c") else args.clangxx
    result = subprocess.run([compiler, "-fsyntax-only", fixed_path] +
                            compile_args, capture_output=True, text=True)
    if result.returncode != 0:
        fail("the fixed file does not compile", result.stderr + "\n" + fixed)
    again = run_tidy(args, fixed_path, compile_args, fix=True)
    expected = warning_count(first_output) - fixed_count(first_output)
    if warning_count(again) != expected or fixed_count(again) != 0:
        fail("a second run on the fixed file should report the %d finding(s) "
             "that had no fix-it, and fix nothing" % expected, again)
    with open(fixed_path, encoding="utf-8") as handle:
        if handle.read() != fixed:
            fail("a second --fix changed the fixed file again")


def run_filecheck(filecheck, source, prefix, text, implicit_not):
    with tempfile.NamedTemporaryFile("w", suffix=".diag", delete=False) as out:
        out.write(text)
        path = out.name
    try:
        cmd = [filecheck, source, "--input-file=" + path,
               "--check-prefix=" + prefix, "--dump-input=never"]
        for pattern in implicit_not:
            cmd.append("--implicit-check-not=" + pattern)
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            fail("FileCheck --check-prefix=%s failed:\n%s" % (prefix, result.stderr),
                 text)
    finally:
        os.unlink(path)


def main():
    argv = sys.argv[1:]
    if "--" in argv:
        split = argv.index("--")
        own, compile_args = argv[:split], argv[split + 1:]
    else:
        own, compile_args = argv, []
    parser = argparse.ArgumentParser()
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--clang", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--checks", default="lostcancel-*")
    parser.add_argument("--config", default=None)
    parser.add_argument("--expect-errors", action="store_true")
    parser.add_argument("--preload", default=None)
    parser.add_argument("source")
    args = parser.parse_args(own)

    with open(args.source, encoding="utf-8") as handle:
        source_text = handle.read()

    # Work on a copy whose CHECK comments are blanked, so that fix-its can be
    # applied and the fixed text checked without matching the expectations.
    workdir = tempfile.mkdtemp(prefix="lostcancel-")
    try:
        copy = os.path.join(workdir, os.path.basename(args.source))
        sanitized = "\n".join(CHECK_COMMENT_RE.sub("", line)
                              for line in source_text.split("\n"))
        with open(copy, "w", encoding="utf-8") as handle:
            handle.write(sanitized)
        # Includes relative to the test's own directory still resolve.
        compile_args = compile_args + ["-I" + os.path.dirname(
            os.path.abspath(args.source))]
        has_fixes = re.search(r"//\s*CHECK-FIXES", source_text) is not None
        output = run_tidy(args, copy, compile_args, fix=has_fixes)
        if has_fixes:
            check_fixes(args, args.source, copy, compile_args, output)
        return check_diagnostics(args, source_text, output)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def check_diagnostics(args, source_text, output):
    prefixes = prefixes_in(source_text)
    if not prefixes:
        diags = diagnostic_lines(output, ("warning", "error", "note")).strip()
        if diags:
            fail("the file has no expectations, so it must produce no "
                 "diagnostic", diags)
        return 0

    if "CHECK-MESSAGES" in prefixes:
        text = diagnostic_lines(output, ("warning", "error"))
        run_filecheck(args.filecheck, args.source, "CHECK-MESSAGES", text,
                      ["{{warning|error}}:"])
    if "CHECK-NOTES" in prefixes:
        text = diagnostic_lines(output, ("warning", "error", "note"))
        run_filecheck(args.filecheck, args.source, "CHECK-NOTES", text,
                      ["{{warning|error|note}}:"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
