#!/bin/sh
# The lostcancel aspect's check action (lostcancel.bzl):
#
#   run_lostcancel.sh REPORT TOOL ARGS...
#
# runs TOOL ARGS (a clang-tidy command line for one source file) and writes
# its diagnostics to REPORT, followed by the line "lostcancel: N findings",
# which the verdict action reads. Paths in the report are relative to the
# execution root (the sandbox's own directory is cut off), so the same
# source gives the same report on every machine. A tool that fails (a
# source that does not compile, a configuration error, a crash) fails the
# action: the check is incomplete, and the report is printed.
set -u
report=$1
shift
"$@" > "$report.raw" 2>&1
status=$?
# clang-tidy's "N warnings generated." counts the warnings it suppressed.
sed -e "s|$PWD/||g" -e 's|^\./||' \
  -e '/^[0-9][0-9]* warnings\{0,1\}\( and [0-9][0-9]* errors\{0,1\}\)\{0,1\} generated\.$/d' \
  -e '/^[0-9][0-9]* errors\{0,1\} generated\.$/d' \
  "$report.raw" > "$report"
rm -f "$report.raw"
if [ "$status" -ne 0 ]; then
  cat "$report" >&2
  echo "lostcancel: $1 exited with status $status: the check is incomplete" >&2
  exit 1
fi
findings=$(grep -c -E '^.+:[0-9]+:[0-9]+: (warning|error): .* \[[^] ]+\]$' "$report")
echo "lostcancel: $findings findings" >> "$report"
