#!/usr/bin/env bash
# Builds the plugin and runs the whole test suite (lit + FileCheck).
# Ends with a plain "N passed, M failed" line; exits non-zero on any failure.
# Extra arguments go to lit (for example a single test path).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

cd "$LOSTCANCEL_ROOT"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(test)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v \
  --param build_dir="$LOSTCANCEL_BUILD" --param llvm_bin="$LLVM_BIN" \
  "${targets[@]}" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}
set -e
passed=$(grep -cE '^(PASS|XFAIL): ' "$log" || true)
failed=$(grep -cE '^(FAIL|XPASS|UNRESOLVED|TIMEOUT): ' "$log" || true)
echo "$passed passed, $failed failed"
if [[ $lit_status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
  exit 1
fi
