#!/bin/sh
# stubs.sh DIR: writes the three local repositories Debian 12's Bazel 4.2.3
# (bazel-bootstrap) needs to build C++ offline, for --override_repository:
# rules_cc and rules_java re-export the native rules; remote_coverage_tools
# (which cc_test refers to) has empty targets instead of a download.
set -eu
dir=$1
mkdir -p "$dir/rules_cc/cc" "$dir/rules_java/java" "$dir/remote_coverage_tools"
for repo in rules_cc rules_java remote_coverage_tools; do
  echo "workspace(name = \"$repo\")" > "$dir/$repo/WORKSPACE"
  : > "$dir/$repo/BUILD"
done
: > "$dir/rules_cc/cc/BUILD"
: > "$dir/rules_java/java/BUILD"
for rule in cc_library cc_binary cc_test cc_toolchain cc_toolchain_suite; do
  echo "$rule = native.$rule"
done > "$dir/rules_cc/cc/defs.bzl"
for rule in java_binary java_library java_import java_test java_toolchain \
  java_runtime java_plugin; do
  echo "$rule = native.$rule"
done > "$dir/rules_java/java/defs.bzl"
cat > "$dir/remote_coverage_tools/BUILD" <<'END'
package(default_visibility = ["//visibility:public"])

filegroup(name = "coverage_report_generator")

filegroup(name = "lcov_merger")
END
