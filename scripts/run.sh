#!/usr/bin/env bash
# Runs the lostcancel checks.
#
#   scripts/run.sh                      the bundled examples/
#   scripts/run.sh FILE... [-- FLAGS]   source files (flags after --, else
#                                       the nearest compile_commands.json)
#   scripts/run.sh DIR                  every file of DIR/compile_commands.json
#   scripts/run.sh compile_commands.json
#
# Environment: LOSTCANCEL_CHECKS (default 'lostcancel-*').
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

CHECKS="-*,${LOSTCANCEL_CHECKS:-lostcancel-*}"
TIDY=(clang-tidy-19 "--load=$LOSTCANCEL_PLUGIN" "--checks=$CHECKS")

if [[ $# -eq 0 ]]; then
  cd "$LOSTCANCEL_ROOT/examples"
  shopt -s nullglob
  status=0
  for file in *.cpp inhouse/*.cpp; do
    "${TIDY[@]}" --quiet "$file" -- -std=c++17 || status=$?
  done
  for file in *.c; do
    "${TIDY[@]}" --quiet "$file" -- -std=c11 || status=$?
  done
  exit "$status"
fi

database=""
if [[ $# -eq 1 && -d "$1" && -f "$1/compile_commands.json" ]]; then
  database="$1"
elif [[ $# -eq 1 && "$(basename "$1")" == compile_commands.json ]]; then
  database="$(dirname "$1")"
fi
if [[ -n "$database" ]]; then
  exec run-clang-tidy-19 -quiet -clang-tidy-binary "$(command -v clang-tidy-19)" \
    -load "$LOSTCANCEL_PLUGIN" "-checks=$CHECKS" -p "$database"
fi

files=()
while [[ $# -gt 0 && "$1" != "--" ]]; do files+=("$1"); shift; done
if [[ $# -gt 0 ]]; then
  exec "${TIDY[@]}" --quiet "${files[@]}" "$@"
fi
# No flags given: use a compilation database if one is above the first file,
# else plain C++17 / C11.
dir="$(cd "$(dirname "${files[0]}")" && pwd)"
while [[ "$dir" != / ]]; do
  if [[ -f "$dir/compile_commands.json" || -f "$dir/build/compile_commands.json" ]]; then
    exec "${TIDY[@]}" --quiet "${files[@]}"
  fi
  dir="$(dirname "$dir")"
done
case "${files[0]}" in
  *.c) exec "${TIDY[@]}" --quiet "${files[@]}" -- -std=c11 ;;
  *) exec "${TIDY[@]}" --quiet "${files[@]}" -- -std=c++17 ;;
esac
