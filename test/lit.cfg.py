# lit configuration for the lostcancel test suite.
# The build directory comes from --param build_dir=DIR (scripts/test.sh passes
# it); tools come from LLVM 19's bin directory.
import os
import shutil
import subprocess

import lit.formats

config.name = "lostcancel"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "fuzz"]
config.test_source_root = os.path.dirname(__file__)

build_dir = lit_config.params.get("build_dir")
if not build_dir:
    lit_config.fatal("pass --param build_dir=<cmake build directory>")
build_dir = os.path.abspath(build_dir)
config.test_exec_root = os.path.join(build_dir, "test")

llvm_bin = lit_config.params.get("llvm_bin", "/usr/lib/llvm-19/bin")
plugin = os.path.join(build_dir, "lib", "LostCancel.so")
clang_tidy = os.path.join(llvm_bin, "clang-tidy")
filecheck = os.path.join(llvm_bin, "FileCheck")
driver = os.path.join(config.test_source_root, "check_lostcancel.py")

config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])

# A plugin built with sanitizers (--param sanitize=1) runs inside an
# uninstrumented clang-tidy: the shared sanitizer runtime is preloaded into
# clang-tidy only, and any report fails the test.
sanitize = lit_config.params.get("sanitize", "0") == "1"
tidy_env = ""
driver_env = ""
if sanitize:
    config.available_features.add("sanitized")
    runtime = os.path.join(os.path.dirname(llvm_bin), "lib", "clang", "19",
                           "lib", "linux", "libclang_rt.asan-x86_64.so")
    if not os.path.exists(runtime):
        lit_config.fatal("sanitizer runtime not found: " + runtime)
    tidy_env = ("env LD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0 "
                "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 " % runtime)
    driver_env = " --preload=" + runtime

config.substitutions.append(
    ("%check_lostcancel",
     "python3 %s --plugin=%s --clang-tidy=%s --filecheck=%s --clang=%s "
     "--clangxx=%s%s"
     % (driver, plugin, clang_tidy, filecheck,
        os.path.join(llvm_bin, "clang"), os.path.join(llvm_bin, "clang++"),
        driver_env)))
config.substitutions.append(("%clang_tidy", tidy_env + clang_tidy))
config.substitutions.append(("%lostcancel_plugin", plugin))
config.substitutions.append(("%clangxx", os.path.join(llvm_bin, "clang++")))

config.substitutions.append(("%build_dir", build_dir))

# The glib, libevent and sd-event profiles' tests run over the real
# headers of Debian's libglib2.0-dev, libevent-dev and libsystemd-dev, which
# scripts/setup.sh installs. Each such test says `REQUIRES: glib` (libevent,
# libsystemd): where the headers are missing it is reported UNSUPPORTED
# rather than failing on a missing include -- except under CI=true, where
# the feature is always on, so a missing package fails the run loudly.
third_party_headers = {
    "glib": "/usr/include/glib-2.0/gio/gio.h",
    "libevent": "/usr/include/event2/event.h",
    "libsystemd": "/usr/include/systemd/sd-event.h",
}
for feature, header in third_party_headers.items():
    if os.path.exists(header) or os.environ.get("CI") == "true":
        config.available_features.add(feature)

# GLib's headers need their own include directories (profile-glib.c runs
# over the real <gio/gio.h> from libglib2.0-dev).
try:
    glib_cflags = subprocess.run(
        ["pkg-config", "--cflags", "gio-2.0"], check=True,
        capture_output=True, text=True).stdout.strip()
except (OSError, subprocess.CalledProcessError):
    glib_cflags = ("-I/usr/include/glib-2.0 "
                   "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include")
config.substitutions.append(("%glib_cflags", glib_cflags))

# The executables with the module linked in (not built with sanitizers).
tools_dir = os.path.join(build_dir, "bin")
if os.path.exists(os.path.join(tools_dir, "lostcancel-clangd")):
    config.available_features.add("tools")
if shutil.which("pre-commit"):
    config.available_features.add("pre-commit")
# lostcancel-tidy alone (the tools feature needs lostcancel-clangd as well).
if os.path.exists(os.path.join(tools_dir, "lostcancel-tidy")):
    config.available_features.add("lostcancel-tidy")
# The Bazel aspect's test is slow (several cold Bazel runs): it runs where
# CI=true, as .ci/run sets, and there it fails when Bazel (Debian:
# bazel-bootstrap, installed by scripts/setup.sh) is missing.
if os.environ.get("CI") == "true":
    config.available_features.add("ci")
config.substitutions.append(
    ("%lostcancel_clangd", os.path.join(tools_dir, "lostcancel-clangd")))
config.substitutions.append(
    ("%lostcancel_tidy", os.path.join(tools_dir, "lostcancel-tidy")))
config.substitutions.append(
    ("%lsp_client", "python3 " + os.path.join(config.test_source_root, "lsp",
                                              "lsp_client.py")))
config.substitutions.append(
    ("%resource_dir", os.path.join(os.path.dirname(llvm_bin), "lib", "clang",
                                   "19")))

# Another clang-tidy on the machine (Debian 12 ships 14): the plugin must fail
# loudly there, never load and do nothing.
other_tidy = "/usr/bin/clang-tidy-14"
if os.path.exists(other_tidy):
    config.available_features.add("other-clang-tidy")
    config.substitutions.append(("%other_clang_tidy", other_tidy))
