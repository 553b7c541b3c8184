#!/usr/bin/env python3
"""Side-by-side benchmark: lostcancel vs go vet (lostcancel pass) vs the Clang
Static Analyzer (unix.Malloc, fuchsia.HandleChecker).

Generates the same seeded-leak scenarios (and clean twins) in four languages /
APIs, runs every tool on its program, matches findings to scenario functions
by line range, and writes bench/results/sidebyside.{json,md}.

Stdlib only. Usage: python3 bench/sidebyside/run.py [--out DIR] [--work DIR] [--quick]
"""

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLUGIN = os.path.join(REPO, "build", "lib", "LostCancel.so")
HEADER = os.path.join(HERE, "gocontext_bench.h")
SEED = 20240917

LANGS = ["cpp", "go", "cmalloc", "chandle"]
LANG_TITLE = {
    "cpp": "C++ Go-style context (gocontext_bench.h)",
    "go": "Go (context package)",
    "cmalloc": "C malloc/free",
    "chandle": "C annotated handles (acquire_handle/release_handle \"Fuchsia\")",
}

# The shapes the brief asks for, plus one probe of path-sensitive exploration
# (reported separately, excluded from the headline totals).
CORE_SHAPES = ["early_return", "error_only", "loop_overwrite", "discarded",
               "many_branches", "loop_continue", "cleanup_idiom"]
PROBE_SHAPES = ["many_branches_rare"]
SHAPE_DOC = {
    "early_return": "early `return` between creation and release leaks",
    "error_only": "released only inside the error branch; the normal return leaks",
    "loop_overwrite": "created in a loop into one variable declared outside it, only the last one released",
    "discarded": "handle dropped at creation",
    "many_branches": "N sequential independent `if (flag_i) x += i;` between creation and a leaking early return",
    "loop_continue": "created in a loop body, a `continue` skips the release",
    "cleanup_idiom": "clean only: the language's single-exit idiom (Go `defer`, C++ scope guard, C `goto out`)",
    "many_branches_rare": "probe: like many_branches, but the leaking return is taken only when x equals one subset sum of the flags (few of the 2^N paths)",
}
NOTES = {
    ("discarded", "go"): "Go forms: `ctx, _ := With*(...)`, `ctx, _ = With*(...)` into an existing var, and the call as an expression statement (compiles: results of a non-builtin call may be dropped).",
    ("discarded", "cpp"): "C++ forms: `.first`, `std::get<0>(...)`, a structured binding whose handle is never mentioned, the call as an expression statement.",
    ("discarded", "cmalloc"): "C malloc forms: `malloc(n);`, `(void)malloc(n);`, `char *p = malloc(n);` never used again.",
    ("discarded", "chandle"): "C handle forms: status ignored and handle never used, status checked and handle never used, `(void)` cast status.",
    ("loop_overwrite", "go"): "Go: `ctx, cancel = context.WithTimeout(...)` in the loop, `cancel` declared before it as `func() {}`; one `cancel()` after the loop.",
    ("loop_overwrite", "cpp"): "C++: `std::tie(c, cancel) = WithTimeout(...)` in the loop, one `cancel()` after it.",
    ("loop_overwrite", "cmalloc"): "C: `p = malloc(..)` in the loop, one `free(p)` after it.",
    ("loop_overwrite", "chandle"): "C: `zx_channel_create(0, &h)` in the loop, one `zx_handle_close(h)` after it.",
    ("cleanup_idiom", "go"): "Go: `defer cancel()` right after creation, several returns.",
    ("cleanup_idiom", "cpp"): "C++: no standard scope guard in C++17; a home-made `ScopeExit guard{cancel};` (the handle is passed by value to its constructor).",
    ("cleanup_idiom", "cmalloc"): "C has no defer/guard: `goto out;` to a single `free(p)` (free(NULL) is a no-op).",
    ("cleanup_idiom", "chandle"): "C has no defer/guard: `goto out;` to a single `zx_handle_close(h)`; odd instances guard it with `if (h != ZX_HANDLE_INVALID)`.",
}


# --------------------------------------------------------------------------
# Program generation
# --------------------------------------------------------------------------

class Emitter:
    """Collects the lines of one source file and the line ranges of its
    scenario functions. A body line starting with '@C ' is a creation line."""

    def __init__(self, prologue):
        self.lines = list(prologue)
        self.funcs = []

    def func(self, meta, header, body, footer="}"):
        start = len(self.lines) + 1
        self.lines.append(header)
        creates = []
        for ln in body:
            if ln.startswith("@C "):
                ln = ln[3:]
                creates.append(len(self.lines) + 1)
            self.lines.append(ln)
        self.lines.append(footer)
        end = len(self.lines)
        self.lines.append("")
        m = dict(meta)
        m.update(start=start, end=end, create_lines=creates)
        self.funcs.append(m)

    def text(self):
        return "\n".join(self.lines) + "\n"


def ind(lines, n=1):
    return ["    " * n + l if not l.startswith("@C ") else "@C " + "    " * n + l[3:]
            for l in lines]


class Lang:
    """Per-language spelling of the few operations the shapes need."""
    name = ""
    ret_end = ";"

    def sig(self, fname, params):
        raise NotImplementedError

    def if_(self, cond, body):
        return ["if (%s) {" % cond] + ind(body) + ["}"]

    def if1(self, cond, stmt):
        return ["if (%s) %s" % (cond, stmt)]

    def ret(self, e):
        return "return %s;" % e

    def let(self, v, e):
        return "int %s = %s;" % (v, e)

    def add(self, v, e):
        return "%s += %s;" % (v, e)

    def for_(self, v, bound, body):
        return ["for (int %s = 0; %s < %s; %s++) {" % (v, v, bound, v)] + ind(body) + ["}"]

    def cont(self):
        return "continue;"

    def brk(self):
        return "break;"

    def fail(self, e):
        return "bench_fail(%s)" % e

    def skip(self, e):
        return "bench_skip(%s)" % e

    def flag(self, i):
        return "flags[%d]" % i


class Cpp(Lang):
    name = "cpp"

    def __init__(self):
        self.apis = ["WithTimeout", "WithCancel", "WithDeadline"]

    def call(self, api, ms):
        if api == "WithTimeout":
            return "gocontext::WithTimeout(parent, gocontext::Duration(%d))" % ms
        if api == "WithCancel":
            return "gocontext::WithCancel(parent)"
        return ("gocontext::WithDeadline(parent, std::chrono::system_clock::now() + "
                "gocontext::Duration(%d))" % ms)

    def sig(self, fname, params):
        ps = ["const gocontext::Context &parent"]
        for p in params:
            ps.append({"n": "int n", "flags": "const bool *flags"}[p])
        return "int %s(%s) {" % (fname, ", ".join(ps))

    def create(self, api, ms, on_fail):
        return ["@C auto [c, cancel] = %s;" % self.call(api, ms)]

    def release(self):
        return "cancel();"

    def use(self, e):
        return "bench_work(c, %s)" % e

    def prologue(self):
        return ["// Generated by bench/sidebyside/run.py -- do not edit.",
                '#include "gocontext_bench.h"', ""]


class Go(Lang):
    name = "go"

    def call(self, api, ms):
        if api == "WithTimeout":
            return "context.WithTimeout(parent, %d*time.Millisecond)" % ms
        if api == "WithCancel":
            return "context.WithCancel(parent)"
        return "context.WithDeadline(parent, time.Now().Add(%d*time.Millisecond))" % ms

    def sig(self, fname, params):
        ps = ["parent context.Context"]
        for p in params:
            ps.append({"n": "n int", "flags": "flags []bool"}[p])
        return "func %s(%s) int {" % (fname, ", ".join(ps))

    def create(self, api, ms, on_fail):
        return ["@C ctx, cancel := %s" % self.call(api, ms)]

    def release(self):
        return "cancel()"

    def use(self, e):
        return "work(ctx, %s)" % e

    def if_(self, cond, body):
        return ["if %s {" % cond] + ind(body) + ["}"]

    def if1(self, cond, stmt):
        return ["if %s {" % cond, "    " + stmt, "}"]

    def ret(self, e):
        return "return %s" % e

    def let(self, v, e):
        return "%s := %s" % (v, e)

    def add(self, v, e):
        return "%s += %s" % (v, e)

    def for_(self, v, bound, body):
        return ["for %s := 0; %s < %s; %s++ {" % (v, v, bound, v)] + ind(body) + ["}"]

    def cont(self):
        return "continue"

    def brk(self):
        return "break"

    def fail(self, e):
        return "fail(%s)" % e

    def skip(self, e):
        return "skip(%s)" % e

    def prologue(self):
        return ["// Generated by bench/sidebyside/run.py -- do not edit.",
                "package main", "",
                'import (', '    "context"', '    "time"', ')', "",
                "func work(ctx context.Context, n int) int {",
                "    if ctx.Err() != nil {", "        return 0", "    }",
                "    return n", "}", "",
                "func fail(n int) bool { return n%7 == 3 }", "",
                "func skip(i int) bool { return i%5 == 1 }", "",
                "func main() {}", ""]


class CMalloc(Lang):
    name = "cmalloc"

    def sig(self, fname, params):
        ps = []
        for p in params:
            ps.append({"n": "int n", "flags": "const int *flags"}[p])
        return "int %s(%s) {" % (fname, ", ".join(ps) or "void")

    def create(self, api, ms, on_fail):
        return ["@C char *p = malloc(%d);" % ms, "if (!p) %s" % on_fail]

    def release(self):
        return "free(p);"

    def use(self, e):
        return "bench_use(p, %s)" % e

    def prologue(self):
        return ["/* Generated by bench/sidebyside/run.py -- do not edit. */",
                "#include <stdlib.h>", "",
                "int bench_use(const char *p, int n);",
                "int bench_fail(int n);", "int bench_skip(int i);", ""]


class CHandle(Lang):
    name = "chandle"

    def sig(self, fname, params):
        ps = []
        for p in params:
            ps.append({"n": "int n", "flags": "const int *flags"}[p])
        return "int %s(%s) {" % (fname, ", ".join(ps) or "void")

    def create(self, api, ms, on_fail):
        fn = {"WithTimeout": "zx_timer_create", "WithCancel": "zx_channel_create",
              "WithDeadline": "zx_event_create"}[api]
        return ["zx_handle_t h;",
                "@C if (%s(%d, &h) != ZX_OK)" % (fn, ms % 4), "    " + on_fail]

    def release(self):
        return "zx_handle_close(h);"

    def use(self, e):
        return "bench_use_handle(h, %s)" % e

    def prologue(self):
        return ["/* Generated by bench/sidebyside/run.py -- do not edit. */",
                "typedef int zx_status_t;", "typedef int zx_handle_t;",
                "#define ZX_OK 0", "#define ZX_HANDLE_INVALID 0",
                '#define ZX_ACQUIRE __attribute__((acquire_handle("Fuchsia")))',
                '#define ZX_RELEASE __attribute__((release_handle("Fuchsia")))',
                '#define ZX_USE __attribute__((use_handle("Fuchsia")))', "",
                "zx_status_t zx_channel_create(int options, zx_handle_t *out ZX_ACQUIRE);",
                "zx_status_t zx_timer_create(int options, zx_handle_t *out ZX_ACQUIRE);",
                "zx_status_t zx_event_create(int options, zx_handle_t *out ZX_ACQUIRE);",
                "zx_status_t zx_handle_close(zx_handle_t handle ZX_RELEASE);",
                "int bench_use_handle(zx_handle_t handle ZX_USE, int n);",
                "int bench_fail(int n);", "int bench_skip(int i);", ""]


def fret(L):
    return L.ret("-1")


# Each shape builder returns the body lines for (lang, params, leak?).

def shape_early_return(L, P, leak):
    b = L.create(P["api"], P["ms"], fret(L))
    b.append(L.let("r", "0"))
    for j in range(P["k"]):
        b.append(L.add("r", L.use(str(j + 1))))
    if leak:
        b += L.if1(L.fail("n + %d" % P["k"]), fret(L))
    else:
        b += L.if_(L.fail("n + %d" % P["k"]), [L.release(), fret(L)])
    b.append(L.add("r", L.use("n")))
    b.append(L.release())
    b.append(L.ret("r"))
    return ["n"], b


def shape_error_only(L, P, leak):
    b = L.create(P["api"], P["ms"], fret(L))
    b.append(L.let("r", L.use("n")))
    b += L.if_(L.fail("r"), [L.release(), fret(L)])
    for j in range(P["k"]):
        b.append(L.add("r", L.use("r + %d" % (j + 1))))
    if not leak:
        b.append(L.release())
    b.append(L.ret("r"))
    return ["n"], b


def shape_loop_overwrite(L, P, leak):
    n = L.name
    if n == "cpp":
        pre = ["gocontext::Context c;", "gocontext::CancelFunc cancel = [] {};"]
        body = ["@C std::tie(c, cancel) = %s;" % L.call(P["api"], P["ms"])]
        if not leak:
            body = [L.release()] + body
        body.append(L.add("r", L.use("i")))
        post = [L.release()]
    elif n == "go":
        pre = ["var ctx context.Context", "cancel := func() {}"]
        body = ["@C ctx, cancel = %s" % L.call(P["api"], P["ms"])]
        if not leak:
            body = [L.release()] + body
        body.append(L.add("r", L.use("i")))
        post = [L.release()]
    elif n == "cmalloc":
        pre = ["char *p = NULL;"]
        body = ["@C p = malloc(%d);" % P["ms"]]
        if not leak:
            body = ["free(p);"] + body
        body.append(L.add("r", L.use("i")))
        post = [L.release()]
    else:
        pre = ["zx_handle_t h = ZX_HANDLE_INVALID;"]
        body = ["@C if (zx_channel_create(%d, &h) != ZX_OK)" % (P["ms"] % 4),
                "    break;"]
        if not leak:
            body = ["zx_handle_close(h);", "h = ZX_HANDLE_INVALID;"] + body
        body.append(L.add("r", L.use("i")))
        post = [L.release()]
    b = [L.let("r", "0")] + pre + L.for_("i", "n", body) + post + [L.ret("r")]
    return ["n"], b


def shape_discarded(L, P, leak):
    n = L.name
    form = P["form"]
    if not leak:
        b = L.create(P["api"], P["ms"], fret(L))
        b.append(L.let("r", L.use("n")))
        b.append(L.release())
        b.append(L.ret("r"))
        return ["n"], b
    if n == "cpp":
        call = L.call(P["api"], P["ms"])
        forms = [["@C gocontext::Context c = %s.first;" % call, L.ret(L.use("n"))],
                 ["@C gocontext::Context c = std::get<0>(%s);" % call, L.ret(L.use("n"))],
                 ["@C auto [c, cancel] = %s;" % call, L.ret(L.use("n"))],
                 ["@C %s;" % call, L.ret("bench_work(parent, n)")]]
    elif n == "go":
        call = L.call(P["api"], P["ms"])
        forms = [["@C ctx, _ := %s" % call, L.ret(L.use("n"))],
                 ["ctx := parent", "@C ctx, _ = %s" % call, L.ret(L.use("n"))],
                 ["@C %s" % call, L.ret("work(parent, n)")]]
    elif n == "cmalloc":
        forms = [["@C malloc(%d);" % P["ms"], L.ret("n")],
                 ["@C (void)malloc(%d);" % P["ms"], L.ret("n")],
                 ["@C char *p = malloc(%d);" % P["ms"], L.ret("n")]]
    else:
        forms = [["zx_handle_t h;", "@C zx_channel_create(%d, &h);" % (P["ms"] % 4), L.ret("n")],
                 ["zx_handle_t h;", "@C if (zx_event_create(%d, &h) != ZX_OK)" % (P["ms"] % 4),
                  "    return -1;", L.ret("n")],
                 ["zx_handle_t h;", "@C (void)zx_timer_create(%d, &h);" % (P["ms"] % 4), L.ret("n")]]
    return ["n"], forms[form % len(forms)]


def shape_many_branches(L, P, leak, rare=False):
    b = L.create(P["api"], P["ms"], fret(L))
    b.append(L.let("x", "0"))
    for i in range(P["N"]):
        if L.name == "go":
            b.append("if %s { x += %d }" % (L.flag(i), i + 1))
        else:
            b.append("if (%s) x += %d;" % (L.flag(i), i + 1))
    cond = ("x == %d" % P["target"]) if rare else L.fail("n")
    if leak:
        b += L.if1(cond, fret(L))
    else:
        b += L.if_(cond, [L.release(), fret(L)])
    b.append(L.add("x", L.use("n")))
    b.append(L.release())
    b.append(L.ret("x"))
    return ["flags", "n"], b


def shape_many_branches_rare(L, P, leak):
    return shape_many_branches(L, P, leak, rare=True)


def shape_loop_continue(L, P, leak):
    body = L.create(P["api"], P["ms"], L.cont())
    for j in range(P["k"]):
        body.append(L.add("r", L.use("i + %d" % (j + 1))))
    if leak:
        body += L.if1(L.skip("i + %d" % P["k"]), L.cont())
    else:
        body += L.if_(L.skip("i + %d" % P["k"]), [L.release(), L.cont()])
    body.append(L.add("r", L.use("i")))
    body.append(L.release())
    b = [L.let("r", "0")] + L.for_("i", "n", body) + [L.ret("r")]
    return ["n"], b


def shape_cleanup_idiom(L, P, leak):
    assert not leak
    n = L.name
    m = P["k"] + 1  # number of early exits
    if n in ("cpp", "go"):
        b = L.create(P["api"], P["ms"], fret(L))
        b.append("ScopeExit guard{cancel};" if n == "cpp" else "defer cancel()")
        b.append(L.let("r", L.use("n")))
        for j in range(m):
            b += L.if1(L.fail("r + %d" % j), L.ret("-%d" % (j + 1)))
            b.append(L.add("r", L.use("r")))
        b.append(L.ret("r"))
        return ["n"], b
    b = ["int rc = -1;"]
    if n == "cmalloc":
        b += ["@C char *p = malloc(%d);" % P["ms"], "if (!p)", "    goto out;"]
    else:
        b += ["zx_handle_t h = ZX_HANDLE_INVALID;",
              "@C if (zx_channel_create(%d, &h) != ZX_OK)" % (P["ms"] % 4), "    goto out;"]
    b.append("rc = %s;" % L.use("n"))
    for j in range(m):
        b += ["if (bench_fail(rc + %d))" % j, "    goto out;"]
        b.append("rc += %s;" % L.use("rc"))
    b.append("out:")
    if n == "chandle" and P["idx"] % 2 == 1:
        b += ["if (h != ZX_HANDLE_INVALID)", "    zx_handle_close(h);"]
    else:
        b.append(L.release())
    b.append(L.ret("rc"))
    return ["n"], b


BUILDERS = {
    "early_return": shape_early_return,
    "error_only": shape_error_only,
    "loop_overwrite": shape_loop_overwrite,
    "discarded": shape_discarded,
    "many_branches": shape_many_branches,
    "loop_continue": shape_loop_continue,
    "cleanup_idiom": shape_cleanup_idiom,
    "many_branches_rare": shape_many_branches_rare,
}


def subset_sum_fraction(weights, target):
    """Fraction of the 2^N flag assignments whose sum equals target."""
    ways = {0: 1}
    for w in weights:
        nw = dict(ways)
        for s, c in ways.items():
            nw[s + w] = nw.get(s + w, 0) + c
        ways = nw
    return ways.get(target, 0) / float(2 ** len(weights))


def make_params(quick):
    rng = random.Random(SEED)
    per_shape = 2 if quick else 4
    branch_ns = [20, 80] if quick else [20, 40, 80, 160]
    rare_ns = [40] if quick else [20, 40, 80]
    apis = ["WithTimeout", "WithCancel", "WithDeadline"]
    scen = []
    for shape in CORE_SHAPES + PROBE_SHAPES:
        if shape == "many_branches":
            count = len(branch_ns)
        elif shape == "many_branches_rare":
            count = len(rare_ns)
        elif shape == "discarded":
            count = 4 if not quick else 3
        else:
            count = per_shape
        for idx in range(count):
            P = {"idx": idx, "api": rng.choice(apis), "ms": rng.randrange(10, 500),
                 "k": rng.randrange(0, 4), "form": idx}
            if shape == "many_branches":
                P["N"] = branch_ns[idx]
            if shape == "many_branches_rare":
                N = rare_ns[idx]
                P["N"] = N
                chosen = sorted(rng.sample(range(N), N // 2))
                P["target"] = sum(i + 1 for i in chosen)
                P["leak_path_fraction"] = subset_sum_fraction(range(1, N + 1), P["target"])
            kinds = ["clean"] if shape == "cleanup_idiom" else ["leak", "clean"]
            for kind in kinds:
                scen.append({"id": "%s_%d_%s" % (shape, idx, kind), "shape": shape,
                             "idx": idx, "kind": kind, "params": P})
    return scen


def generate(scen, work):
    langs = {"cpp": Cpp(), "go": Go(), "cmalloc": CMalloc(), "chandle": CHandle()}
    files = {"cpp": "ctx.cpp", "go": os.path.join("gomod", "main.go"),
             "cmalloc": "malloc.c", "chandle": "handles.c"}
    out = {}
    os.makedirs(os.path.join(work, "gomod"), exist_ok=True)
    shutil.copy(HEADER, os.path.join(work, "gocontext_bench.h"))
    with open(os.path.join(work, "gomod", "go.mod"), "w") as f:
        f.write("module sidebyside\n\ngo 1.19\n")
    for ln, L in langs.items():
        em = Emitter(L.prologue())
        for s in scen:
            params, body = BUILDERS[s["shape"]](L, s["params"], s["kind"] == "leak")
            em.func({"id": s["id"]}, L.sig(s["id"], params), ind(body))
        path = os.path.join(work, files[ln])
        with open(path, "w") as f:
            f.write(em.text())
        out[ln] = {"path": path, "funcs": em.funcs, "lines": len(em.lines)}
    return out


# --------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------

def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def ensure_go():
    if shutil.which("go"):
        return
    print("go not found: installing golang-go with apt-get", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "golang-go"], env=env)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update"], env=env)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "golang-go"],
                       env=env, check=True)
    if not shutil.which("go"):
        sys.exit("go is still missing after apt-get install golang-go")


DIAG_RE = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*?) \[(?P<check>[\w.,-]+)\]$")
GOVET_RE = re.compile(r"^(?P<file>[^:\s][^:]*\.go):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")


def parse(tool, text, basename):
    found = []
    for line in text.splitlines():
        if tool["kind"] == "govet":
            m = GOVET_RE.match(line)
            if m and os.path.basename(m.group("file")) == basename:
                found.append({"line": int(m.group("line")), "col": int(m.group("col")),
                              "msg": m.group("msg"), "check": "lostcancel"})
        else:
            m = DIAG_RE.match(line)
            if m and os.path.basename(m.group("file")) == basename:
                found.append({"line": int(m.group("line")), "col": int(m.group("col")),
                              "msg": m.group("msg"), "check": m.group("check")})
    return found


def tool_defs(work, gen):
    gocache = os.path.join(work, "gocache")
    goenv = dict(os.environ, GOCACHE=gocache, GOPATH=os.path.join(work, "gopath"),
                 GOFLAGS="-mod=mod", GOPROXY="off", GOSUMDB="off", GO111MODULE="on",
                 GOTOOLCHAIN="local", GOTELEMETRY="off",
                 GOMODCACHE=os.path.join(work, "gopath", "pkg", "mod"))
    tidy = ["clang-tidy-19", "--load=" + PLUGIN, "--checks=-*,lostcancel-*", "--quiet"]
    return [
        {"name": "lostcancel (C++ context)", "key": "lostcancel_cpp", "lang": "cpp",
         "kind": "tidy", "checks": r"^lostcancel-",
         "cmd": tidy + [gen["cpp"]["path"], "--", "-std=c++17", "-I", work], "cwd": work},
        {"name": "go vet -lostcancel (Go)", "key": "govet", "lang": "go", "kind": "govet",
         "checks": r"^lostcancel$",
         "cmd": ["go", "vet", "-lostcancel", "."], "cwd": os.path.join(work, "gomod"),
         "env": goenv, "gocache": gocache},
        {"name": "CSA unix.Malloc (C malloc)", "key": "csa_malloc", "lang": "cmalloc",
         "kind": "csa", "checks": r"^unix\.Malloc$",
         "cmd": ["clang-19", "--analyze", "-std=c11", "-Xclang", "-analyzer-checker=unix.Malloc",
                 "-Xclang", "-analyzer-output=text", gen["cmalloc"]["path"], "-o", "/dev/null"],
         "cwd": work},
        {"name": "CSA fuchsia.HandleChecker (C handles)", "key": "csa_fuchsia", "lang": "chandle",
         "kind": "csa", "checks": r"^fuchsia\.HandleChecker$",
         "cmd": ["clang-19", "--analyze", "-std=c11", "-Xclang",
                 "-analyzer-checker=fuchsia.HandleChecker", "-Xclang", "-analyzer-output=text",
                 gen["chandle"]["path"], "-o", "/dev/null"], "cwd": work},
        {"name": "lostcancel (C handles)", "key": "lostcancel_chandle", "lang": "chandle",
         "kind": "tidy", "checks": r"^lostcancel-",
         "cmd": tidy + [gen["chandle"]["path"], "--", "-std=c11"], "cwd": work},
    ]


def run_timed(tool):
    t0 = time.perf_counter()
    r = subprocess.run(tool["cmd"], cwd=tool["cwd"], env=tool.get("env"),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    dt = time.perf_counter() - t0
    return dt, r


def versions():
    v = {}
    for key, cmd in [("clang", ["clang-19", "--version"]), ("clang_tidy", ["clang-tidy-19", "--version"]),
                     ("go", ["go", "version"]), ("python", [sys.executable, "--version"])]:
        try:
            r = sh(cmd)
            v[key] = (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr).strip() else ""
            if key == "clang_tidy":
                v[key] = " ".join(l.strip() for l in r.stdout.splitlines() if "version" in l.lower())
        except OSError as e:
            v[key] = "unavailable: %s" % e
    try:
        with open(PLUGIN, "rb") as f:
            v["lostcancel_plugin_sha256"] = hashlib.sha256(f.read()).hexdigest()
        v["lostcancel_plugin_mtime"] = time.strftime("%Y-%m-%dT%H:%M:%S",
                                                     time.localtime(os.path.getmtime(PLUGIN)))
    except OSError as e:
        v["lostcancel_plugin_sha256"] = "unavailable: %s" % e
    r = sh(["git", "-C", REPO, "rev-parse", "HEAD"])
    v["repo_head"] = r.stdout.strip()
    r = sh(["clang-19", "-cc1", "-analyzer-config-help"])
    txt = r.stdout + r.stderr
    m = re.search(r"max-nodes\s+\(unsigned\)(.*?)\n\n", txt, re.S)
    v["csa_max_nodes_help"] = " ".join(m.group(1).split()) if m else ""
    m = re.search(r"exploration_strategy\s+\(string\)(.*?)\n\n", txt, re.S)
    v["csa_exploration_strategy_help"] = " ".join(m.group(1).split()) if m else ""
    return v


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "uname_r": platform.release(), "cpu": cpu,
            "os": platform.platform()}


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------

def score(tool, findings, gen, scen):
    funcs = gen[tool["lang"]]["funcs"]
    rx = re.compile(tool["checks"])
    per = {s["id"]: [] for s in scen}
    other, outside = [], []
    for fd in findings:
        if not rx.search(fd["check"]):
            other.append(fd)
            continue
        hit = None
        for fn in funcs:
            if fn["start"] <= fd["line"] <= fn["end"]:
                hit = fn["id"]
                break
        if hit is None:
            outside.append(fd)
        else:
            per[hit].append(fd)
    res = {}
    for s in scen:
        fs = per[s["id"]]
        res[s["id"]] = {"shape": s["shape"], "kind": s["kind"], "n_findings": len(fs),
                        "flagged": bool(fs), "findings": fs}
    return res, other, outside


def tally(res, shapes):
    t = {"seeded": 0, "found": 0, "missed": 0, "clean": 0, "fp": 0, "fp_findings": 0}
    for sid, r in res.items():
        if r["shape"] not in shapes:
            continue
        if r["kind"] == "leak":
            t["seeded"] += 1
            t["found" if r["flagged"] else "missed"] += 1
        else:
            t["clean"] += 1
            if r["flagged"]:
                t["fp"] += 1
                t["fp_findings"] += r["n_findings"]
    return t


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def fmt_cmd(cmd, env=None):
    s = " ".join("'%s'" % c if (" " in c or "*" in c) else c for c in cmd)
    if env:
        keys = ["GOCACHE", "GOPATH", "GOMODCACHE", "GOFLAGS", "GOPROXY", "GOSUMDB", "GO111MODULE"]
        s = " ".join("%s=%s" % (k, env[k]) for k in keys) + " " + s
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "results"),
                    help="directory for sidebyside.json/.md (default: bench/results)")
    ap.add_argument("--work", default="/tmp/lostcancel-bench-sidebyside",
                    help="scratch directory for the generated programs")
    ap.add_argument("--quick", action="store_true",
                    help="fewer scenarios, 1 timed run, no warm-up except for go vet (under a minute); "
                         "writes sidebyside.quick.*")
    ap.add_argument("--runs", type=int, default=None, help="timed runs per tool (default 5, quick 3)")
    a = ap.parse_args()
    runs = a.runs or (1 if a.quick else 5)

    if not os.path.exists(PLUGIN):
        sys.exit("plugin not built: %s" % PLUGIN)
    ensure_go()
    if os.path.isdir(a.work):
        shutil.rmtree(a.work)
    os.makedirs(a.work)

    scen = make_params(a.quick)
    gen = generate(scen, a.work)
    tools = tool_defs(a.work, gen)

    results = {}
    for tool in tools:
        print("== %s" % tool["name"], flush=True)
        entry = {"name": tool["name"], "lang": tool["lang"], "command": fmt_cmd(tool["cmd"], tool.get("env")),
                 "argv": tool["cmd"], "cwd": tool["cwd"], "check_filter": tool["checks"]}
        if tool["kind"] == "govet":
            # The Go program must compile (vet would also report type errors
            # in the same file:line: format).
            b = subprocess.run(["go", "build", "-o", os.devnull, "."], cwd=tool["cwd"],
                               env=tool["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            if b.returncode != 0:
                print(b.stdout, file=sys.stderr)
                sys.exit("the generated Go program does not compile")
            # Cold: empty build cache (the first run also builds export data).
            if os.path.isdir(tool["gocache"]):
                shutil.rmtree(tool["gocache"])
            dt, r = run_timed(tool)
            entry["cold_seconds"] = dt
            print("   cold %.2fs" % dt, flush=True)
        # Warm-up (page cache; go vet: build cache). Quick mode warms up go vet only.
        if tool["kind"] == "govet" or not a.quick:
            dt, r = run_timed(tool)
            entry["warmup_seconds"] = dt
        times = []
        for _ in range(runs):
            dt, r = run_timed(tool)
            times.append(dt)
        entry["times_seconds"] = times
        entry["median_seconds"] = statistics.median(times)
        entry["exit_code"] = r.returncode
        out = r.stdout + "\n" + r.stderr
        entry["raw_output_head"] = out[:20000]
        basename = os.path.basename(gen[tool["lang"]]["path"])
        findings = parse(tool, out, basename)
        res, other, outside = score(tool, findings, gen, scen)
        entry["other_checker_findings"] = other
        entry["findings_outside_scenarios"] = outside
        entry["per_scenario"] = res
        entry["totals_core"] = tally(res, CORE_SHAPES)
        entry["totals_probe"] = tally(res, PROBE_SHAPES)
        entry["per_shape"] = {sh_: tally(res, [sh_]) for sh_ in CORE_SHAPES + PROBE_SHAPES}
        if tool["kind"] == "govet" and r.returncode not in (0, 1, 2):
            print(out, file=sys.stderr)
            sys.exit("go vet failed to run (exit %d)" % r.returncode)
        if tool["kind"] == "govet" and not findings and "error" in out.lower():
            print(out, file=sys.stderr)
        if tool["kind"] == "csa" and not a.quick:
            # One extra, untimed run that prints the analysis time of every
            # function, to show where the Static Analyzer spends its time.
            pr = subprocess.run(tool["cmd"] + ["-Xclang", "-analyzer-display-progress"], cwd=tool["cwd"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
            per_fn = {}
            for m in re.finditer(r"ANALYZE \(Path[^)]*\): \S+ (\w+) : ([\d.]+) ms", pr.stderr + pr.stdout):
                per_fn[m.group(1)] = float(m.group(2)) / 1000.0
            entry["per_function_path_seconds"] = per_fn
        t = entry["totals_core"]
        print("   median %.3fs  found %d/%d  FP %d/%d" % (entry["median_seconds"], t["found"],
              t["seeded"], t["fp"], t["clean"]), flush=True)
        results[tool["key"]] = entry

    # Parse-only baseline for the two files lostcancel reads.
    baseline = {}
    for ln, cmd in [("cpp", ["clang++-19", "-fsyntax-only", "-std=c++17", "-I", a.work, gen["cpp"]["path"]]),
                    ("chandle", ["clang-19", "-fsyntax-only", "-std=c11", gen["chandle"]["path"]])]:
        bt = {"cmd": cmd, "cwd": a.work}
        if not a.quick:
            run_timed(bt)
        ts = [run_timed(bt)[0] for _ in range(runs)]
        baseline[ln] = {"command": fmt_cmd(cmd), "times_seconds": ts,
                        "median_seconds": statistics.median(ts)}

    data = {
        "benchmark": "sidebyside",
        "parse_baseline": baseline,
        "quick": a.quick, "seed": SEED, "timed_runs": runs,
        "machine": machine(), "versions": versions(),
        "work_dir": a.work,
        "generated_files": {k: {"path": v["path"], "lines": v["lines"]} for k, v in gen.items()},
        "shapes": {s: SHAPE_DOC[s] for s in CORE_SHAPES + PROBE_SHAPES},
        "core_shapes": CORE_SHAPES, "probe_shapes": PROBE_SHAPES,
        "language_notes": {"%s/%s" % k: v for k, v in NOTES.items()},
        "scenarios": [dict(s, locations={ln: next(f for f in gen[ln]["funcs"] if f["id"] == s["id"])
                                         for ln in LANGS}) for s in scen],
        "tools": results,
    }
    os.makedirs(a.out, exist_ok=True)
    stem = "sidebyside.quick" if a.quick else "sidebyside"
    with open(os.path.join(a.out, stem + ".json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=False)
    with open(os.path.join(a.out, stem + ".md"), "w") as f:
        f.write(render_md(data))
    print("wrote %s.{json,md} in %s" % (stem, a.out))


def render_md(d):
    T = d["tools"]
    order = ["lostcancel_cpp", "govet", "csa_malloc", "csa_fuchsia", "lostcancel_chandle"]
    L = []
    L.append("## Side by side: go vet and the Clang Static Analyzer")
    L.append("")
    L.append("Generated by `python3 bench/sidebyside/run.py%s` (seed %d%s). The same seeded-leak "
             "scenarios, each in its own function, are written as four programs: C++ with a Go-style "
             "context API (`bench/sidebyside/gocontext_bench.h`), Go with package `context`, C with "
             "`malloc`/`free`, and C with handles annotated `acquire_handle`/`release_handle(\"Fuchsia\")`. "
             "Every shape also has a *clean* twin with correct releases (false-positive count). A "
             "finding counts for a scenario when it is reported inside that scenario's function "
             "(matched by line range; the Static Analyzer reports where the object becomes "
             "unreachable, not at the creation). Time is whole-process wall time, median of %d runs "
             "after one warm-up run."
             % (" --quick" if d["quick"] else "", d["seed"], ", quick mode" if d["quick"] else "",
                d["timed_runs"]))
    L.append("")
    L.append("| tool | program | lines | median time (s) | min-max (s) | seeded leaks | found | missed | clean functions | false positives |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in order:
        e = T[k]
        t = e["totals_core"]
        tm = "%.3f" % e["median_seconds"]
        if "cold_seconds" in e:
            tm += " (cold %.2f)" % e["cold_seconds"]
        L.append("| %s | %s | %d | %s | %.3f-%.3f | %d | %d | %d | %d | %d |" % (
            e["name"], os.path.basename(d["generated_files"][e["lang"]]["path"]),
            d["generated_files"][e["lang"]]["lines"], tm, min(e["times_seconds"]),
            max(e["times_seconds"]), t["seeded"], t["found"], t["missed"],
            t["clean"], t["fp"]))
    L.append("")
    L.append("Totals are over the core shapes (%s). The probe shape `many_branches_rare` is "
             "reported separately below." % ", ".join("`%s`" % s for s in d["core_shapes"]))
    L.append("")
    L.append("### Per shape (found/seeded, false positives/clean)")
    L.append("")
    L.append("| shape | " + " | ".join(T[k]["name"] for k in order) + " |")
    L.append("|---|" + "---|" * len(order))
    for s in d["core_shapes"] + d["probe_shapes"]:
        cells = []
        for k in order:
            t = T[k]["per_shape"][s]
            c = "%d/%d" % (t["found"], t["seeded"]) if t["seeded"] else "n/a"
            c += ", FP %d/%d" % (t["fp"], t["clean"])
            cells.append(c)
        L.append("| `%s` | %s |" % (s, " | ".join(cells)))
    L.append("")
    for s in d["core_shapes"] + d["probe_shapes"]:
        L.append("- `%s`: %s" % (s, d["shapes"][s]))
    L.append("")
    # branch-count detail
    L.append("### Branch-count detail")
    L.append("")
    L.append("| scenario | N | " + " | ".join(T[k]["name"] for k in order) + " |")
    L.append("|---|---:|" + "---|" * len(order))
    for s in d["scenarios"]:
        if s["shape"] not in ("many_branches", "many_branches_rare"):
            continue
        cells = []
        for k in order:
            r = T[k]["per_scenario"][s["id"]]
            if s["kind"] == "leak":
                cells.append("found" if r["flagged"] else "**missed**")
            else:
                cells.append("**FP**" if r["flagged"] else "quiet")
        extra = ""
        if s["shape"] == "many_branches_rare" and s["kind"] == "leak":
            extra = " (leaks on %.2g of paths)" % s["params"]["leak_path_fraction"]
        L.append("| `%s`%s | %d | %s |" % (s["id"], extra, s["params"]["N"], " | ".join(cells)))
    L.append("")
    # misses / FPs list
    L.append("### Every miss and false positive")
    L.append("")
    any_ = False
    for k in order:
        e = T[k]
        for sid, r in e["per_scenario"].items():
            if (r["kind"] == "leak" and not r["flagged"]) or (r["kind"] == "clean" and r["flagged"]):
                any_ = True
                loc = next(s for s in d["scenarios"] if s["id"] == sid)["locations"][e["lang"]]
                what = "missed" if r["kind"] == "leak" else "false positive: " + "; ".join(
                    "line %d: %s" % (f["line"], f["msg"]) for f in r["findings"])
                L.append("- %s: `%s` (%s lines %d-%d): %s" % (
                    e["name"], sid, os.path.basename(d["generated_files"][e["lang"]]["path"]),
                    loc["start"], loc["end"], what))
    if not any_:
        L.append("- none")
    L.append("")
    L.append("### Where a shape has no direct equivalent")
    L.append("")
    for k, v in d["language_notes"].items():
        L.append("- `%s`: %s" % (k, v))
    L.append("")
    L.append("### Machine and versions")
    L.append("")
    m = d["machine"]
    v = d["versions"]
    L.append("- CPU: %s; nproc %s; kernel `%s`" % (m["cpu"], m["nproc"], m["uname_r"]))
    L.append("- %s; %s; %s" % (v.get("clang"), v.get("clang_tidy"), v.get("go")))
    L.append("- lostcancel plugin sha256 `%s` (built %s), repository HEAD `%s`" % (
        v.get("lostcancel_plugin_sha256", "")[:16], v.get("lostcancel_plugin_mtime", ""),
        v.get("repo_head", "")[:12]))
    L.append("- Static Analyzer budget (defaults, unchanged): max-nodes %s" % v.get("csa_max_nodes_help", ""))
    L.append("")
    L.append("### Exact commands")
    L.append("")
    L.append("```")
    for k in order:
        L.append("# %s (cwd %s)" % (T[k]["name"], T[k]["cwd"]))
        L.append(T[k]["command"])
    for ln, b in d.get("parse_baseline", {}).items():
        L.append("# parse-only baseline for %s (cwd %s)" % (os.path.basename(d["generated_files"][ln]["path"]), d["work_dir"]))
        L.append(b["command"])
    L.append("```")
    L.append("")
    L.append("### What each tool misses, and why")
    L.append("")
    L.append(analysis_paragraph(d, order))
    L.append("")
    return "\n".join(L)


def analysis_paragraph(d, order):
    """Built from the measured numbers, so it cannot drift from the tables:
    every explanatory sentence is emitted only when the fact it explains was
    measured in this run."""
    T = d["tools"]

    def flagged(k, sid):
        return T[k]["per_scenario"][sid]["flagged"]

    def leaks(k, shape):
        return [sid for sid, r in T[k]["per_scenario"].items()
                if r["shape"] == shape and r["kind"] == "leak"]

    def missed(k, shape):
        return [sid for sid in leaks(k, shape) if not flagged(k, sid)]

    def fps(k):
        return [sid for sid, r in T[k]["per_scenario"].items() if r["kind"] == "clean" and r["flagged"]]

    parts = []
    for k in order:
        ms = sorted({T[k]["per_scenario"][sid]["shape"] for sid, r in T[k]["per_scenario"].items()
                     if r["kind"] == "leak" and not r["flagged"] and r["shape"] in d["core_shapes"]})
        fs = sorted({T[k]["per_scenario"][sid]["shape"] for sid in fps(k)})
        t = T[k]["totals_probe"]
        parts.append("**%s** misses: %s; false positives in: %s; probe shape found %d/%d." % (
            T[k]["name"], ", ".join("`%s`" % x for x in ms) or "nothing",
            ", ".join("`%s`" % x for x in fs) or "none", t["found"], t["seeded"]))
    out = ["- " + p for p in parts], []
    ex = out[1]

    # go vet
    g = []
    if missed("govet", "loop_overwrite"):
        g.append("It misses every loop overwrite: the pass asks whether some path from the "
                 "`With*` assignment reaches a `return` without *mentioning* the cancel variable, "
                 "and here the reassignment `ctx, cancel = ...` itself mentions it and the single "
                 "`cancel()` after the loop is on every exit path, so the contexts of the earlier "
                 "iterations are never considered lost.")
    dm = missed("govet", "discarded")
    if dm:
        g.append("Of the discards it reports `ctx, _ := ...` and `ctx, _ = ...` but not the "
                 "creation call used as an expression statement (%s): the pass only inspects "
                 "assignments whose second operand is the cancel variable or `_`." %
                 ", ".join("`%s`" % x for x in dm))
    g.append("It is path-insensitive (one CFG search per creation), so the number of "
             "branches costs it nothing; its wall time is mostly the `go` command loading the "
             "package and export data (cold: %.2f s with an empty build cache)." %
             T["govet"].get("cold_seconds", float("nan")))
    ex.append("**go vet.** " + " ".join(g))

    # CSA
    c = []
    c.append("The Static Analyzer executes each function symbolically, path by path, within a "
             "per-function node budget (max-nodes, default 225000 in its default deep mode; loops "
             "unrolled up to 4 times).")
    pf = T["csa_malloc"].get("per_function_path_seconds") or {}
    budget = {f: sec for f, sec in pf.items() if f.startswith("many_branches")}
    if budget:
        rest = sum(sec for f, sec in pf.items() if not f.startswith("many_branches"))
        byN = {}
        for sc in d["scenarios"]:
            if sc["shape"] == "many_branches" and sc["id"] in budget:
                byN.setdefault(sc["params"]["N"], []).append(budget[sc["id"]])
        ns = sorted(byN)
        c.append("In unix.Malloc's run the %d functions with N >= %d independent branches took "
                 "%.1f s together (%.1f-%.1f s each), all other %d functions %.2f s together; "
                 "the time per function grows only slowly with N (plain shape: %.1f s at N=%d, "
                 "%.1f s at N=%d): a function with 2^N paths cannot be enumerated, so each one "
                 "runs until the budget stops it, and the analyzer gives no sign that it stopped." % (
                     len(budget), min(s_["params"]["N"] for s_ in d["scenarios"]
                                      if s_["shape"].startswith("many_branches")),
                     sum(budget.values()), min(budget.values()), max(budget.values()),
                     len(pf) - len(budget), rest,
                     statistics.mean(byN[ns[0]]), ns[0], statistics.mean(byN[ns[-1]]), ns[-1]))
    if not missed("csa_malloc", "many_branches") and not missed("csa_fuchsia", "many_branches"):
        c.append("It still finds every plain `many_branches` leak: the leaking return is reachable "
                 "on every path, and its default exploration order (unexplored blocks first) drives "
                 "one path to the end early.")
    rm = missed("csa_malloc", "many_branches_rare") + missed("csa_fuchsia", "many_branches_rare")
    if rm:
        c.append("When the leaking return is reachable only on a few of the 2^N paths (the probe "
                 "shape), the budget runs out before such a path is reached: missed %s." %
                 ", ".join(sorted(set("`%s`" % x for x in rm))))
    if missed("csa_fuchsia", "loop_overwrite") and not missed("csa_malloc", "loop_overwrite"):
        c.append("unix.Malloc reports the loop overwrite (the second unrolled iteration overwrites "
                 "`p`), but fuchsia.HandleChecker does not: when `zx_channel_create(..., &h)` writes "
                 "its out-parameter, the handle previously held in `h` is treated as escaping "
                 "(`checkPointerEscape` exempts only `use_handle`/`release_handle` parameters), so "
                 "losing it is not a leak to the checker.")
    if not fps("csa_fuchsia") and not fps("csa_malloc"):
        c.append("It has no false positive here: it is value-sensitive (it knows `free(NULL)` and a "
                 "closed invalid handle are fine, and that a failed creation created nothing).")
    ex.append("**Clang Static Analyzer.** " + " ".join(c))

    # lostcancel
    l = []
    l.append("lostcancel is a flow-sensitive but path-insensitive dataflow over Clang's CFG, "
             "linear in its size, so the branch count changes neither its result nor its time.")
    bl = d.get("parse_baseline", {})
    if "cpp" in bl:
        l.append("Of its %.2f s on the C++ program, %.2f s is what `clang++-19 -fsyntax-only` alone "
                 "takes on the same file (parsing `<functional>`, `<chrono>`, ...); on the C program "
                 "%.3f s vs %.3f s." % (T["lostcancel_cpp"]["median_seconds"], bl["cpp"]["median_seconds"],
                                       T["lostcancel_chandle"]["median_seconds"],
                                       bl["chandle"]["median_seconds"]))
    lm = [x for k in ("lostcancel_cpp", "lostcancel_chandle") for x in
          [sid for sid, r in T[k]["per_scenario"].items() if r["kind"] == "leak" and not r["flagged"]]]
    if lm:
        l.append("It missed: %s (see the list above)." % ", ".join("`%s`" % x for x in sorted(set(lm))))
    lf = fps("lostcancel_chandle") + fps("lostcancel_cpp")
    guarded = [sid for sid in fps("lostcancel_chandle") if sid.startswith("cleanup_idiom")]
    if guarded:
        l.append("Its false positive%s (%s) %s the C `goto out` cleanup whose release is guarded by "
                 "`if (h != ZX_HANDLE_INVALID) zx_handle_close(h);`: the false edge of that test is "
                 "taken as an exit that does not release `h`, although on that edge `h` still holds "
                 "the invalid initial value (the creation failed). The unguarded `goto out` variant is "
                 "not reported." % ("s" if len(guarded) > 1 else "",
                                    ", ".join("`%s`" % x for x in guarded),
                                    "are" if len(guarded) > 1 else "is"))
    other = [x for x in lf if x not in guarded]
    if other:
        l.append("Other false positives: %s." % ", ".join("`%s`" % x for x in other))
    if not lm and not lf:
        l.append("It found every seeded leak with no false positive.")
    ex.append("**lostcancel.** " + " ".join(l))
    ex.append("Times compare whole processes on different programs (one per language, same "
              "scenarios); they are not a per-function cost model.")
    return "\n".join(out[0]) + "\n\n" + "\n\n".join(ex)


if __name__ == "__main__":
    main()
