#!/usr/bin/env bash
# Builds the plugin and runs the whole test suite (lit + FileCheck).
# Ends with a plain "N passed, M failed" line; exits non-zero on any failure.
# Extra arguments go to lit (for example a single test path).
#
# With CI=true (or LOSTCANCEL_SANITIZE=1) the suite runs a second time
# against a plugin built with AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(test)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0

run_suite() { # sanitize: 0 or 1
  (
    export LOSTCANCEL_SANITIZE="$1"
    unset LOSTCANCEL_BUILD
    source "$here/setup.sh"
    cd "$LOSTCANCEL_ROOT"
    echo "lostcancel: test suite, sanitizers $([[ $1 == 1 ]] && echo on || echo off)"
    python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v \
      --param build_dir="$LOSTCANCEL_BUILD" --param llvm_bin="$LLVM_BIN" \
      --param sanitize="$1" "${targets[@]}"
  ) 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}

if [[ "${LOSTCANCEL_SANITIZE:-0}" != 1 ]]; then
  run_suite 0 || status=$?
fi
if [[ "${CI:-}" == true || "${LOSTCANCEL_SANITIZE:-0}" == 1 ]]; then
  run_suite 1 || status=$?
fi

passed=$(grep -cE '^(PASS|XFAIL): ' "$log" || true)
failed=$(grep -cE '^(FAIL|XPASS|UNRESOLVED|TIMEOUT): ' "$log" || true)
echo "$passed passed, $failed failed"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
  exit 1
fi
