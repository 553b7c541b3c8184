#!/usr/bin/env python3
"""Generates synthetic C++ translation units for the lostcancel benchmark.

  gen.py --functions F --sites S [--depth D] [--loops L] [--lambdas M]
         [--leak-every K] [-o FILE]        F functions, S creation sites each
  gen.py --paths N [--leak] [--correlated] [-o FILE]
                                           one function with 2^N paths
  gen.py --lines N [-o FILE]               one function of about N lines
  gen.py --chains D [--functions F] [--leak-every K] [-o FILE]
                                           F callers whose handles pass
                                           through helper chains of depth D

Every creation site is a Go-style `WithTimeout` (bench/include/bench_context.h)
followed by D levels of nested if/else, L loops with `continue`/`break`, and M
lambdas that use the context; the site then leaves the function early on a
failure, releasing the handle first, and releases it at the end of its block.
Every K-th site (counted across the TU) is a seeded leak: its early exit
forgets the release. The numbers of sites and of seeded leaks are printed on
stderr as `sites: N` and `seeded-leaks: N` (the latter is what lostcancel must report: one
lostcancel-unreleased per seeded site, nothing else).

With --paths N --correlated, the handle is created only when a flag
parameter holds, before the N if/else statements, and released under the
same test after them (SPEC §7.14): no finding, though every path joins the
others; with --leak the middle if returns without releasing, a leak when
the flag holds.

With --chains D (issue 17, SPEC §8), each of the F callers creates a handle,
reads it through its own chain of D helpers (`peek_N_D` calls `peek_N_{D-1}`
twice, down to `peek_N_1`, which only tests it: every level "only reads"),
leaves early on a failure, releasing the handle first, and at the end
releases it through a second chain of D helpers (`stop_N_D` passes it on to
`stop_N_{D-1}` ... `stop_N_1` calls it: a release wrapper). Every K-th caller
is a seeded leak: its early exit forgets the release, which only a summary
that follows the whole read chain can see (were any level unknown, the read
would be a transfer, §7.5, and the leak hidden). Each read helper calls the
next one twice, so an analysis that does not memoise summaries does 2^D
work per chain; one that does, D.

Conditions read a runtime array, so the compiler can fold none of them.
"""

import argparse
import sys


def site(out, number, depth, loops, lambdas, leak, indent="  "):
    emit = lambda text: out.append(indent + text)
    c, cancel = "c%d" % number, "cancel%d" % number
    emit("{")
    emit("  auto [%s, %s] = ctx::WithTimeout(parent, ctx::Duration(%d));"
         % (c, cancel, number))
    emit("  int acc%d = 0;" % number)

    def branches(level, pad):
        if level == depth:
            out.append(indent + pad + "acc%d += work(%s, v[%d]);"
                       % (number, c, (number + level) % 64))
            return
        out.append(indent + pad + "if (v[%d] > %d) {" % ((number * 7 + level) % 64,
                                                         level))
        branches(level + 1, pad + "  ")
        out.append(indent + pad + "} else {")
        out.append(indent + pad + "  acc%d -= %d;" % (number, level + 1))
        branches(level + 1, pad + "  ")
        out.append(indent + pad + "}")

    branches(0, "  ")
    for loop in range(loops):
        emit("  for (int i = 0; i < v[%d]; ++i) {" % ((number + loop) % 64))
        emit("    if (v[i & 63] == %d)" % loop)
        emit("      continue;")
        emit("    if (work(%s, i) > %d)" % (c, 100 + loop))
        emit("      break;")
        emit("    acc%d += i;" % number)
        emit("  }")
    for lam in range(lambdas):
        emit("  auto f%d_%d = [&](int k) { return work(%s, k + %d); };"
             % (number, lam, c, lam))
        emit("  acc%d += f%d_%d(acc%d);" % (number, number, lam, number))
    emit("  if (failed(acc%d)) {" % number)
    if not leak:
        emit("    %s();" % cancel)
    emit("    return -%d;" % number)
    emit("  }")
    emit("  %s();" % cancel)
    emit("  total += acc%d;" % number)
    emit("}")


def synthetic(args):
    out = ['#include "bench_context.h"', ""]
    number, seeded = 0, 0
    for function in range(args.functions):
        out.append("int fn%d(const ctx::Context &parent, const int *v) {"
                   % function)
        out.append("  int total = 0;")
        for _ in range(args.sites):
            number += 1
            leak = args.leak_every > 0 and number % args.leak_every == 0
            seeded += leak
            site(out, number, args.depth, args.loops, args.lambdas, leak)
        out.append("  return total;")
        out.append("}")
        out.append("")
    return out, seeded, number


def paths(args):
    """One handle, then N independent if/else statements: 2^N paths. With
    --correlated, the handle exists only when `flag` holds, and is released
    under `if (flag)` after the chain."""
    if args.correlated:
        out = ['#include "bench_context.h"', "#include <tuple>", "",
               "int manyPaths(const ctx::Context &parent, const int *v, "
               "bool flag) {",
               "  ctx::Context c = parent;",
               "  ctx::CancelFunc cancel;",
               "  if (flag)",
               "    std::tie(c, cancel) = ctx::WithTimeout(parent, "
               "ctx::Duration(1));",
               "  int acc = 0;"]
    else:
        out = ['#include "bench_context.h"', "",
               "int manyPaths(const ctx::Context &parent, const int *v) {",
               "  auto [c, cancel] = ctx::WithTimeout(parent, "
               "ctx::Duration(1));",
               "  int acc = 0;"]
    for i in range(args.paths):
        out.append("  if (v[%d] > %d)" % (i % 64, i % 7))
        if args.leak and i == args.paths // 2:
            out.append("    return acc;")
        else:
            out.append("    acc += work(c, %d);" % i)
        out.append("  else")
        out.append("    acc -= %d;" % (i + 1))
    if args.correlated:
        out.append("  if (flag)")
        out.append("    cancel();")
    else:
        out.append("  cancel();")
    out.append("  return acc;")
    out.append("}")
    return out, 1 if args.leak else 0, 1


def lines(args):
    """One function of about N lines: sites of 10 lines each, every tenth a
    seeded leak."""
    out = ['#include "bench_context.h"', "",
           "int huge(const ctx::Context &parent, const int *v) {",
           "  int total = 0;"]
    number, seeded = 0, 0
    while len(out) < args.lines - 3:
        number += 1
        leak = number % 10 == 0
        seeded += leak
        site(out, number, 1, 0, 0, leak)
    out.append("  return total;")
    out.append("}")
    return out, seeded, number


def chains(args):
    """F callers, each with its own read chain and release chain of depth D."""
    depth = args.chains
    out = ['#include "bench_context.h"', "",
           "// Helper chains of depth %d (gen.py --chains %d)." % (depth, depth)]
    seeded = 0
    for n in range(1, args.functions + 1):
        out.append("bool peek_%d_1(const ctx::CancelFunc &f) { return "
                   "static_cast<bool>(f); }" % n)
        out.append("void stop_%d_1(ctx::CancelFunc f) { f(); }" % n)
        for d in range(2, depth + 1):
            out.append("bool peek_%d_%d(const ctx::CancelFunc &f) { return "
                       "peek_%d_%d(f) && peek_%d_%d(f); }" % (n, d, n, d - 1, n, d - 1))
            out.append("void stop_%d_%d(ctx::CancelFunc f) { stop_%d_%d(f); }"
                       % (n, d, n, d - 1))
        leak = args.leak_every > 0 and n % args.leak_every == 0
        seeded += leak
        out.append("int caller%d(const ctx::Context &parent, const int *v) {" % n)
        out.append("  auto [c%d, cancel%d] = ctx::WithTimeout(parent, "
                   "ctx::Duration(%d));" % (n, n, n))
        out.append("  int acc = 0;")
        out.append("  if (peek_%d_%d(cancel%d))" % (n, depth, n))
        out.append("    acc += work(c%d, v[%d]);" % (n, n % 64))
        out.append("  if (failed(acc)) {")
        if not leak:
            out.append("    cancel%d();" % n)
        out.append("    return -%d;" % n)
        out.append("  }")
        out.append("  stop_%d_%d(cancel%d);" % (n, depth, n))
        out.append("  return acc;")
        out.append("}")
        out.append("")
    return out, seeded, args.functions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--functions", type=int, default=10)
    parser.add_argument("--sites", type=int, default=4,
                        help="creation sites per function")
    parser.add_argument("--depth", type=int, default=2,
                        help="nesting depth of the if/else after each site")
    parser.add_argument("--loops", type=int, default=1)
    parser.add_argument("--lambdas", type=int, default=1)
    parser.add_argument("--leak-every", type=int, default=5,
                        help="every K-th site is a seeded leak (0: none)")
    parser.add_argument("--paths", type=int,
                        help="one function with 2^N paths instead")
    parser.add_argument("--leak", action="store_true",
                        help="with --paths: return without releasing halfway")
    parser.add_argument("--correlated", action="store_true",
                        help="with --paths: create and release only under "
                             "the same flag test")
    parser.add_argument("--lines", type=int,
                        help="one function of about N lines instead")
    parser.add_argument("--chains", type=int, metavar="D",
                        help="--functions callers whose handles pass through "
                             "helper chains of depth D (1..8) instead")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    for name in ("functions", "sites", "depth", "loops", "lambdas",
                 "leak_every"):
        if getattr(args, name) < 0:
            parser.error("--%s must not be negative" % name.replace("_", "-"))

    if args.correlated and args.paths is None:
        parser.error("--correlated needs --paths")
    if args.chains is not None and not 1 <= args.chains <= 8:
        parser.error("--chains must be between 1 and 8")
    if args.chains is not None:
        out, seeded, sites = chains(args)
    elif args.paths is not None:
        out, seeded, sites = paths(args)
    elif args.lines is not None:
        out, seeded, sites = lines(args)
    else:
        out, seeded, sites = synthetic(args)
    text = "\n".join(out) + "\n"
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print("sites: %d" % sites, file=sys.stderr)
    print("seeded-leaks: %d" % seeded, file=sys.stderr)


if __name__ == "__main__":
    main()
