#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml): runs the lostcancel checks on
# the files pre-commit passes, each with the nearest compile_commands.json
# (in the file's directory, a build/ below it, or any directory above).
# Exits non-zero when a check reports, so the commit is refused.
#
# The checker: $LOSTCANCEL_TIDY if set, else lostcancel-tidy on the PATH,
# else clang-tidy-19 with the plugin built from this checkout (first run
# builds it, installing what is missing, as scripts/setup.sh does).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -n "${LOSTCANCEL_TIDY:-}" ]]; then
  tidy=("$LOSTCANCEL_TIDY")
elif command -v lostcancel-tidy >/dev/null 2>&1; then
  tidy=(lostcancel-tidy)
else
  # shellcheck source=setup.sh
  source "$here/setup.sh" || exit 1
  tidy=(clang-tidy-19 "--load=$LOSTCANCEL_PLUGIN")
fi

database_for() { # file -> directory holding compile_commands.json
  local dir
  dir="$(cd "$(dirname "$1")" && pwd)"
  while :; do
    if [[ -f "$dir/compile_commands.json" ]]; then
      echo "$dir"; return 0
    fi
    if [[ -f "$dir/build/compile_commands.json" ]]; then
      echo "$dir/build"; return 0
    fi
    [[ "$dir" == / ]] && return 1
    dir="$(dirname "$dir")"
  done
}

status=0
for file in "$@"; do
  if ! database="$(database_for "$file")"; then
    echo "lostcancel: no compile_commands.json found above $file; skipped" >&2
    continue
  fi
  "${tidy[@]}" --checks='-*,lostcancel-*' --warnings-as-errors='lostcancel-*' \
    --quiet -p "$database" "$file" || status=1
done
exit "$status"
