#!/usr/bin/env bash
# The whole benchmark: builds lostcancel (optimised, as scripts/setup.sh
# does), installs what the benchmark reads (googletest's sources, Go for the
# side-by-side comparison), runs bench/run.py and bench/sidebyside/run.py, and
# writes their tables into bench/RESULTS.md. Takes about half an hour on 2
# cores; run it on an otherwise idle machine.
#
#   bash bench/run.sh [--repeat N] [--quick]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/setup.sh
source "$here/../scripts/setup.sh"

missing=()
for pkg in googletest golang-go; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}" >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

quick=()
for arg in "$@"; do [[ "$arg" == --quick ]] && quick=(--quick); done
python3 "$here/run.py" --plugin "$LOSTCANCEL_PLUGIN" "$@"
python3 "$here/sidebyside/run.py" "${quick[@]}"
python3 "$here/report.py"
