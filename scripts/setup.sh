#!/usr/bin/env bash
# Installs what lostcancel needs (LLVM/Clang 19 from Debian 12, CMake) when it
# is missing, then configures and builds the plugin into build/.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run on its own.
set -euo pipefail

LOSTCANCEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# LOSTCANCEL_SANITIZE=1 builds the plugin with ASan + UBSan into build-asan/.
if [[ "${LOSTCANCEL_SANITIZE:-0}" == 1 ]]; then
  LOSTCANCEL_BUILD="${LOSTCANCEL_BUILD:-$LOSTCANCEL_ROOT/build-asan}"
  SANITIZE_FLAG=ON
else
  LOSTCANCEL_BUILD="${LOSTCANCEL_BUILD:-$LOSTCANCEL_ROOT/build}"
  SANITIZE_FLAG=OFF
fi
LLVM_BIN=/usr/lib/llvm-19/bin
PACKAGES=(libclang-19-dev clang-tidy-19 clangd-19 llvm-19-dev llvm-19-tools
          clang-19 libclang-rt-19-dev clang-format-19 cmake make python3)
# Real third-party headers the tests run over (the no-crash sweep, the real
# API profiles): Boost.Asio, libuv, cpprestsdk.
PACKAGES+=(libboost-dev libuv1-dev libcpprest-dev)
# The glib, libevent and sd-event profiles' tests run over the real GLib/GIO,
# libevent and libsystemd headers.
PACKAGES+=(libglib2.0-dev libevent-dev libsystemd-dev)
# Linking lostcancel-clangd: clangd's remote index needs gRPC, protobuf and
# abseil.
PACKAGES+=(libgrpc++-dev libprotobuf-dev libabsl-dev)
# The pre-commit hook's test runs the real pre-commit in a git repository;
# lostcancel-ci reads clang-tidy's exported diagnostics with Python's yaml.
PACKAGES+=(pre-commit git python3-yaml)
# The Bazel aspect's test (bazel/, test/lostcancel/bazel.test, CI only) runs
# Debian's Bazel 4.2.3 offline.
PACKAGES+=(bazel-bootstrap)

# One dpkg-query for all of them: a `dpkg -s` each took about a second in
# all, and every scripts/run.sh sources this file.
installed="$(dpkg-query -W -f='${Package}:${db:Status-Abbrev}\n' \
  "${PACKAGES[@]}" 2>/dev/null || true)"
missing=()
for pkg in "${PACKAGES[@]}"; do
  [[ $'\n'"$installed"$'\n' == *$'\n'"$pkg:ii "$'\n'* ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "lostcancel: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "lostcancel: run as root (or install these packages first): ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [[ ! -f "$LOSTCANCEL_BUILD/CMakeCache.txt" ]]; then
  cmake -S "$LOSTCANCEL_ROOT" -B "$LOSTCANCEL_BUILD" \
    -DCMAKE_CXX_COMPILER="$LLVM_BIN/clang++" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOSTCANCEL_SANITIZE="$SANITIZE_FLAG" >&2
fi
cmake --build "$LOSTCANCEL_BUILD" -j "$(nproc)" >&2

LOSTCANCEL_PLUGIN="$LOSTCANCEL_BUILD/lib/LostCancel.so"
export LOSTCANCEL_ROOT LOSTCANCEL_BUILD LOSTCANCEL_PLUGIN LLVM_BIN
