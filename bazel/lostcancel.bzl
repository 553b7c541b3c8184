"""lostcancel as a Bazel aspect: one clang-tidy action per source file.

    bazel build //... --aspects=@lostcancel//:lostcancel.bzl%lostcancel_aspect \
        --output_groups=report

For every cc_library, cc_binary and cc_test of the main repository, each
C or C++ source is checked by the lostcancel tool (lostcancel-tidy, or any
clang-tidy with the checks) with the compile flags the C++ toolchain gives
that target: the toolchain's own flags, --copt/--cxxopt/--conlyopt, the
target's copts, its include paths and defines and those of its deps. Each
check is an action whose output is the source's report, so Bazel caches it
(locally, in a --disk_cache or a --remote_cache) and can run it remotely; an
unchanged source with unchanged headers and flags is not checked again.

A second, cheap action per report fails the build when the report has
findings (mode "fail"); in mode "report" the reports are only written. A
source that does not compile for the tool fails its check in both modes: the
check is incomplete.

The options are build settings of this repository (see BUILD):
  --@lostcancel//:checks=LIST    clang-tidy's --checks (default -*,lostcancel-*)
  --@lostcancel//:mode=report    only write the reports (default: fail)
  --@lostcancel//:config=LABEL   a .clang-tidy file, passed as --config-file
  --@lostcancel//:tool=LABEL     the checker executable
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

LostCancelSettingInfo = provider(
    doc = "The value of a string build setting of lostcancel.",
    fields = {"value": "the setting's value (a string)"},
)

def _setting_impl(ctx):
    return [LostCancelSettingInfo(value = ctx.build_setting_value)]

lostcancel_setting = rule(
    implementation = _setting_impl,
    build_setting = config.string(flag = True),
    doc = "A string option of the lostcancel aspect, set with --@lostcancel//:NAME=VALUE.",
)

_RULE_KINDS = ["cc_library", "cc_binary", "cc_test"]
_C_EXTENSIONS = ["c"]
_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C"]
_HEADER_EXTENSIONS = ["h", "hh", "hpp", "hxx", "h++", "inc", "inl", "ipp", "tcc", "H"]

# Flags of GCC toolchains that clang rejects; a toolchain configured for GCC
# (Bazel's auto-configured one on Linux, for instance) passes them.
_GCC_ONLY_FLAGS = [
    "-fno-canonical-system-headers",
    "-fno-tree-pre",
    "-fmax-errors=",
    "-fno-var-tracking-assignments",
    "-Wno-free-nonheap-object",
    "-Wunused-but-set-parameter",
]

_REGEX_SPECIAL = "\\.^$|()[]{}*+?"

def _regex_escape(text):
    return "".join(["\\" + c if c in _REGEX_SPECIAL else c for c in text.elems()])

def _rule_files(ctx, attribute):
    if not hasattr(ctx.rule.files, attribute):
        return []
    return getattr(ctx.rule.files, attribute)

def _sources_and_headers(ctx):
    sources, headers = [], []
    for f in _rule_files(ctx, "srcs"):
        if f.extension in _C_EXTENSIONS or f.extension in _CXX_EXTENSIONS:
            sources.append(f)
        elif f.extension in _HEADER_EXTENSIONS:
            headers.append(f)
    for attribute in ["hdrs", "textual_hdrs"]:
        headers.extend(_rule_files(ctx, attribute))
    return sources, headers

def _keep_flag(flag):
    for bad in _GCC_ONLY_FLAGS:
        if flag == bad or (bad.endswith("=") and flag.startswith(bad)):
            return False
    return True

def _compile_flags(ctx, toolchain, features, compilation, source):
    """The toolchain's command line for compiling SOURCE, without -c/-o."""
    is_c = source.extension in _C_EXTENSIONS
    cpp = ctx.fragments.cpp
    user_flags = list(cpp.copts)
    user_flags += cpp.conlyopts if is_c else cpp.cxxopts
    user_flags += getattr(ctx.rule.attr, "copts", [])
    defines = [compilation.defines]
    if hasattr(compilation, "local_defines"):
        defines.append(compilation.local_defines)
    else:
        defines.append(depset(getattr(ctx.rule.attr, "local_defines", [])))
    variables = cc_common.create_compile_variables(
        feature_configuration = features,
        cc_toolchain = toolchain,
        user_compile_flags = user_flags,
        include_directories = compilation.includes,
        quote_include_directories = compilation.quote_includes,
        system_include_directories = compilation.system_includes,
        framework_include_directories = compilation.framework_includes,
        preprocessor_defines = depset(transitive = defines),
    )
    action = ACTION_NAMES.c_compile if is_c else ACTION_NAMES.cpp_compile
    flags = cc_common.get_memory_inefficient_command_line(
        feature_configuration = features,
        action_name = action,
        variables = variables,
    )
    return [f for f in flags if _keep_flag(f)]

def _report_name(ctx, source):
    path = source.short_path.replace("../", "external/")
    return "%s.lostcancel/%s.txt" % (ctx.label.name, path)

def _check(ctx, env, source, flags, header_filter):
    """The action that checks SOURCE; returns its report."""
    report = ctx.actions.declare_file(_report_name(ctx, source))
    args = ctx.actions.args()
    args.add(report)
    args.add(env.tool)
    args.add("--quiet")
    args.add(env.checks, format = "--checks=%s")
    if env.config:
        args.add(env.config, format = "--config-file=%s")
    else:
        # No .clang-tidy from the source tree: it is not an input, so a
        # sandboxed and a local run would otherwise disagree.
        args.add("--config={}")
    args.add(header_filter, format = "--header-filter=%s")
    args.add(source)
    args.add("--")
    args.add_all(flags)
    ctx.actions.run(
        executable = env.runner,
        arguments = [args],
        inputs = depset(
            [source] + ([env.config] if env.config else []),
            transitive = [env.headers, env.toolchain.all_files],
        ),
        tools = [env.tool_files],
        outputs = [report],
        # PATH and --action_env, as for compile actions: a tool that runs
        # clang-tidy-19 from the PATH finds it.
        use_default_shell_env = True,
        mnemonic = "LostCancel",
        progress_message = "lostcancel %s" % source.short_path,
    )
    return report

def _verdict(ctx, source, report):
    """The action that fails when REPORT has findings; returns its marker."""
    marker = ctx.actions.declare_file(report.basename[:-len(".txt")] + ".ok",
                                      sibling = report)
    ctx.actions.run_shell(
        command = 'if [ "$(tail -n 1 "$1")" = "lostcancel: 0 findings" ]; ' +
                  'then : > "$2"; else cat "$1" >&2; exit 1; fi',
        arguments = [report.path, marker.path],
        inputs = [report],
        outputs = [marker],
        mnemonic = "LostCancelVerdict",
        progress_message = "lostcancel verdict on %s" % source.short_path,
    )
    return marker

def _lostcancel_aspect_impl(target, ctx):
    if ctx.rule.kind not in _RULE_KINDS or CcInfo not in target:
        return []
    if target.label.workspace_root:
        # Third-party code of external repositories is not checked.
        return []
    sources, own_headers = _sources_and_headers(ctx)
    if not sources:
        return []
    mode = ctx.attr._mode[LostCancelSettingInfo].value
    if mode not in ["fail", "report"]:
        fail("--@lostcancel//:mode must be fail or report, not %r" % mode)
    configs = ctx.files._config
    if len(configs) > 1:
        fail("--@lostcancel//:config must name one file, not %d" % len(configs))

    toolchain = find_cpp_toolchain(ctx)
    features = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    compilation = target[CcInfo].compilation_context
    env = struct(
        tool = ctx.executable._tool,
        tool_files = ctx.attr._tool[DefaultInfo].files_to_run,
        runner = ctx.executable._runner,
        checks = ctx.attr._checks[LostCancelSettingInfo].value,
        config = configs[0] if configs else None,
        headers = compilation.headers,
        toolchain = toolchain,
    )

    # Findings in a header are reported by the target that owns it.
    # The compiler may name it ./pkg/x.h or by an absolute path: the regex
    # matches on a path component boundary.
    header_filter = "(^|/)(%s)$" % "|".join(
        [_regex_escape(h.path) for h in own_headers] or ["$^"],
    )
    reports, outputs = [], []
    for source in sources:
        flags = _compile_flags(ctx, toolchain, features, compilation, source)
        report = _check(ctx, env, source, flags, header_filter)
        reports.append(report)
        if mode == "fail":
            outputs.append(_verdict(ctx, source, report))
    return [OutputGroupInfo(report = depset(reports + outputs))]

lostcancel_aspect = aspect(
    implementation = _lostcancel_aspect_impl,
    attr_aspects = ["deps"],
    fragments = ["cpp"],
    attrs = {
        "_cc_toolchain": attr.label(
            default = Label("@bazel_tools//tools/cpp:current_cc_toolchain"),
        ),
        "_tool": attr.label(
            default = Label("//:tool"),
            allow_files = True,
            executable = True,
            cfg = "exec",
        ),
        "_runner": attr.label(
            default = Label("//:run_lostcancel.sh"),
            allow_single_file = True,
            executable = True,
            cfg = "exec",
        ),
        "_checks": attr.label(default = Label("//:checks")),
        "_mode": attr.label(default = Label("//:mode")),
        "_config": attr.label(default = Label("//:config"), allow_files = True),
    },
    doc = "Checks every C and C++ source of cc_library, cc_binary and cc_test " +
          "targets with lostcancel; the reports are output group 'report'.",
)
