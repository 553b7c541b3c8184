#!/usr/bin/env python3
"""Differential testing of the lostcancel analysis against a path oracle.

For each seed a random, valid C++ function is generated from a small
statement language (go-context creations, releases, scope guards, transfers,
reads, empty-handle tests, if/else, switch with fallthrough, loops with
break/continue, goto, try/catch/throw, [[noreturn]] calls, lambdas, nested
lambda scopes, reassignment, detached or joined threads, conditional-
expression creations, branches that create and return, and correlated
conditions: a condition tested several times, with creations and releases
under its tests and writes between them). The oracle
computes the expected findings (check name and line) from the generated
program alone, by executing every path of it over concrete states, following
../shared/SPEC.md; it never looks at the plugin. The plugin's findings for the
same function are compared with the oracle's. A disagreement is shrunk to a
minimal reproducer, which is printed with both sets of findings.

  lcfuzz.py --clang-tidy-cmd "CMD" --plugin SO --include DIR --seeds 0:300

Programs run in batches of --batch functions per translation unit.

The oracle's rules (SPEC.md section in brackets):
  * Each path is executed with concrete handle instances. Paths are
    explored exhaustively; identical states at the same program point are
    explored once (exact: what follows depends only on the state). Loops run
    their body 0..--unroll times (a path that would iterate more is dropped:
    it can only repeat states already seen, or it is an infinite loop, which
    has no leaking path [§2]).
  * Conditions `p(n)`, `sel(n)`, `lim(n)` are opaque: every branch is
    feasible.
  * Correlated conditions [§7.14]. A function may have one "subject", a
    condition it tests several times: a bool parameter (`if (f)`,
    `if (!f)`), an int parameter (`mode == 2`, `mode != 2`,
    `switch (mode)` with cases 0, 1, 2), a const local (`const bool k =
    p(0);`, `k`, `!k`), a const member call on a `const Cfg &` parameter
    (`cfg.on()`) or on a mutable `Cfg &` (`mcfg.on()`). Creations and
    releases are made under its tests (`if (f) std::tie(c, cancel) =
    ...;` ... `if (f) cancel();`, also at the goto cleanup label), early
    returns too (`if (!f) return`), and the retry loop `do { tie = ...;
    f = p(n); if (!f) cancel(); } while (p(m) && !f);`. Writes between
    the tests: `f = p(n);` and `Touch(&f);` give f a fresh value,
    `mcfg.reload();` gives mcfg.on() one, `mode = 3;` a known one. The
    oracle gives each path concrete values: unknown until first tested
    (then both outcomes are explored, and the value is kept), forgotten
    on a fresh write, set by a constant write or a case edge;
    `mode == 2` false and a switch's no-match edge exclude values. A test
    whose outcome the path knows has one feasible branch; the other is
    pruned. A loop's condition is `p(n) && test`, so it can always end.
    The subject never appears in a nested lambda scope: `[&]` would
    capture it by reference, which makes it untracked there [§7.14].
  * The oracle is fully path-sensitive; the analysis is not: it joins
    paths whose handle states are equal, keeping only the conditions both
    know (property simulation, ESP). A join loses precision where the
    joined paths knew different things that a later test would need:
    two conditions correlated through a handle state (`if (f) { if (g)
    cancel(); } else if (!g) cancel();` then a test of f and of g: the
    join pairs f with the wrong g), which is why a function has at most
    one subject; an int with several known values joined (a switch's
    cases meeting again, then another switch); a value written on one
    path and a test known on the other (`mode = 3;` joined with
    `mode != 2`); and, beyond what §7.14 promises, a switch after
    `mode == 2` (§7.14 decides a switch by a known value) or after a
    no-match edge (which records nothing). Such programs are legitimately
    different, so the generator keeps only programs on which the oracle
    and a merging variant of it (Oracle(merge=True): the same paths,
    joined after each statement and at loop heads the way the analysis
    joins them, knowing no more than §7.14 promises) agree; the others
    are generated again, and the harness prints how many. Beyond about 8
    distinct handle states at a point the analysis joins those too; the
    merging variant forgets every condition at a point with more than
    JOIN_CAP (6, a margin: the two do not count states exactly alike).
  * A lambda that captured a variable by copy is not used after the
    variable got a new handle (validate: copied_then_recreated): the
    analysis takes a lambda to act on what the variable holds when it is
    called, not on its copy, a documented limit.
  * A leak: a variable holding a live handle ends its lifetime (scope end,
    return, break/continue/goto out of its block, a throw unwinding it).
    Guards run on the way, in reverse order of declaration [§2, §7.13].
  * `peek(h)` (a noexcept function defined in the prelude that only tests
    its argument) is a read, `keep(h)` (an inline function storing it in a
    global) a transfer: the analysis judges both by their bodies [§8].
  * Helpers of more kinds (issue 17; --helper-kinds, default all): a
    second random stream rewrites some statements the generator made into
    calls of prelude helpers, so that with `--helper-kinds read,store` every
    seed's program (and the prelude) is exactly what it was before them.
    The oracle inlines each helper: HELPER_PATHS lists its body's paths
    (effect on the handle, result), call_effect combines them [§8]:
      release       `stop(h)` (calls it) and `stop_if(h)` (`if (f) f();`)
                    are releases [§8.4];
      release_some  `stop_when(h, g_ok)` (`if (flag) f();`) releases on some
                    paths only: a transfer, no finding either way [§8.1];
      cond_store    `keep_if(h, g_ok)` stores and returns 0, or returns -1:
                    `if (keep_if(..) < 0)`, `!= 0`, `int rcN = keep_if(..);
                    if (rcN)` transfer on the success edges only, `== 0`
                    the other way round; untested, one of two keep_if
                    calls that take the same variable, or of a variable a
                    by-reference guard holds, a transfer [§8.2];
      create        `make_cancel(parent)` (also make_timeout,
                    make_deadline) returns a creation: a creation site of
                    its own, like the API's [§8.3];
      chain         any of these (and peek, keep) through 1 or 2 more
                    helpers that pass the handle on (name2, name3).
    The release helpers are noexcept (a call of them never throws, §7.15);
    keep_if, like keep, may throw, sparing the handle it passes on.
  * `if (h) h();` calls nothing when h was declared and never given a
    handle (a default-constructed std::function is empty) [§7.6].
  * Inside a try block every point next to a statement that evaluates
    something (not a jump, an empty block) may throw to each handler of
    the innermost try [§7.9]. At a point before a call that may throw (see
    may_throw: every call of the generated code is not noexcept; a
    constructor is not a call), the try block's own handles that are live
    and unguarded leak [§7.15] (their guards run), except the handle the
    call itself creates or passes on; a release is taken not to throw at
    all, like a destructor (a call of a variable no creation targets is an
    unknown call, which may). An explicit throw goes to the
    first matching handler, or leaves the function; it leaks what it
    unwinds. A [[noreturn]] call ends the path.
  * `if (h) ...` / `if (!h) ...`: the edge where h is empty counts as
    released [§7.6].
  * A lambda that calls the handle releases it when called; passed on, it
    transfers it [§2]. A by-value guard releases at construction, a
    by-reference guard releases what the variable holds when it runs.
  * `std::move(g).Cancel();` dismisses the absl::Cleanup guard g on its
    path (--no-dismiss: none are generated): it releases nothing at its
    scope's end there; what its variable holds stays as live as it was
    [§7.18]. The guard still counts as a release at its declaration for
    §7.2. A dismissed guard is the only guard of its variable
    (validate: dismissed_beside_another_guard): with two, the analysis
    ignores dismissals, a documented precision rule.
  * Overwritten: a creation assigns a variable that holds a live handle; the
    finding is the overwriting creation's, anchored there [§1, §7.3].
  * Discarded: the handle is never kept, or its variable is never mentioned
    outside creation targets [§7.1].
  * Detached: a handle passed by copy into a detached thread that also
    leaks, or captured by reference by a detached thread [§7.10].
  * Error-path-only: the site leaks, has a release, and each statement that
    released or transferred one of its handles on some path lies in an
    early-exit branch: an if/else branch, a case body or a catch handler
    every path of which leaves the function [§7.2], and that does not hold
    the site's creation [§7.16] (a branch that creates, may leave early
    inside and returns is generated on purpose).
  * A creation `p(n) ? ctx::WithTimeout(...) : ctx::WithCancel(...)` is one
    site, on its line [§7.19].
  * Precedence: discarded, detached, overwritten, error-path-only,
    unreleased [§7.3].
  * SPEC 9, from a random stream of their own (Gen.section9), so that
    every seed's program is otherwise what it was: some creations take
    the root `ctx::Background()` as their parent instead of `parent`
    (lostcancel-unbound-parent on its line when `parent` is in scope: in
    the function, or in a `[&]` scope lambda that names `parent`
    elsewhere, a nested one included, and so captures it); and a function
    may start with threads (std::thread capturing `parent` by copy, by
    reference or not at all; std::jthread with a std::stop_token, without,
    or with both) each running one loop whose condition is `true`, `1`, a
    counter `n > 0` copied into the lambda, the global `g_run`, or a test
    of a signal, and whose body holds 1-3 items: a plain call, a `break`
    under a test, a signal query (`parent.done()`, `parent.wait()`,
    `st.stop_requested()`), passing `parent` on, `st.stop_possible()`
    (not a query), a [[noreturn]] call or a throw under a test, `--n`, a
    switch whose `break` is its own, an endless inner `for (;;)`.
    lostcancel-unobserved is expected on the loop when the thread has a
    signal (or is a std::jthread), the loop cannot end otherwise (no exit,
    a constant or unwritten condition) and nothing in it observes a
    signal; else on an endless inner loop (spin_findings).

The fix-it property (see check_fixes): each fix-it of an unreleased or
error-path-only finding, applied alone, must map back onto the program (a
guard after the creation, a release before a return; other text fails),
compile, leave a second run clean for its site, and release the handle on
every path of the fixed program as the oracle runs it.
"""

import argparse
import collections
import concurrent.futures
import copy
import difflib
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time

# ---------------------------------------------------------------------------
# The statement language.


class Node:
    """A statement. kind + attributes; `kids` holds statement lists."""

    def __init__(self, kind, kids=None, **attrs):
        self.kind = kind
        self.kids = kids if kids is not None else []
        self.a = attrs
        self.line = None
        self.nid = None

    def __repr__(self):
        return "Node(%s, %r)" % (self.kind, self.a)


TERMINATORS = {"return", "break", "continue", "goto", "throw", "fatal"}
APIS = ["WithCancel", "WithTimeout", "WithDeadline"]

# The condition a function tests several times (its "subject", at most one
# per function; see the docstring for why only one): how it is tested, with
# each polarity, and how it may be written between the tests.
SUBJECTS = {
    "flag": {"tests": ("pos", "neg"), "writes": ("assign", "touch")},
    "mode": {"tests": ("eq", "ne"), "writes": ("const",)},
    "const": {"tests": ("pos", "neg"), "writes": ()},
    "cfg": {"tests": ("pos", "neg"), "writes": ()},
    "mcfg": {"tests": ("pos", "neg"), "writes": ("reload",)},
}


# Helper functions the programs call (SPEC 8, issue 17), by kind; each kind
# is selectable with --helper-kinds. "read" (peek) and "store" (keep) are
# the original two; the others are rewrites of statements the generator
# made anyway (see Gen.helperize), drawn from a second random stream, so
# that with --helper-kinds read,store every seed's program is the one it
# always was.
HELPER_KINDS_ALL = ("read", "store", "release", "release_some", "cond_store",
                    "create", "chain")
HELPER_KINDS = set(HELPER_KINDS_ALL)  # main() narrows it

# The helpers' bodies, as the oracle inlines them: each body path as
# (effect on the handle parameter, result). A chain helper (name + depth
# 2 or 3) has the paths of the helper it passes the handle to. How the
# caller combines the paths of one call: one effect on every path is that
# effect; a release on some paths only is a transfer [SPEC 8.1]; paths that
# differ by result class transfer on the success edges of the caller's test
# of the result and keep the handle on the failure edges [8.2], and an
# untested result is a transfer.
HELPER_PATHS = {
    "peek": [("use", None)],
    "keep": [("transfer", None)],
    "stop": [("release", None)],
    "stop_if": [("release", None), ("release", None)],  # empty: nothing to do
    "stop_when": [("release", None), ("use", None)],
    "keep_if": [("transfer", 0), ("use", -1)],
}


def call_effect(name, tested=False):
    """The effect on the caller of passing a handle to helper `name`:
    "use", "release", "transfer", or (when `tested` and the paths differ
    by result) {result: effect}."""
    base = name.rstrip("23")
    paths = HELPER_PATHS[base]
    effects = set(e for e, _ in paths)
    if len(effects) == 1:
        return effects.pop()
    by_result = {}
    for e, r in paths:
        by_result.setdefault(r, set()).add(e)
    if tested and None not in by_result and all(len(v) == 1 for v in by_result.values()):
        return {r: v.pop() for r, v in by_result.items()}
    return "transfer"


def helper_name(base, depth):
    return base + ("" if depth in (None, 1) else str(depth))


def api_call(api, wrap=None):
    if wrap:
        # A creation wrapper [SPEC 8.3], through `wrap` helpers in all.
        return "%s(parent)" % helper_name(
            {"WithTimeout": "make_timeout", "WithDeadline": "make_deadline",
             "WithCancel": "make_cancel"}[api], wrap)
    if api == "WithTimeout":
        return "ctx::WithTimeout(parent, ctx::Duration(5))"
    if api == "WithDeadline":
        return "ctx::WithDeadline(parent, 10)"
    return "ctx::WithCancel(parent)"


# SPEC 9, lostcancel-unobserved: threads started at the top of a function,
# each running one loop. Signals by thread kind; the items of a loop body,
# each with what it does: "exit" (it can leave the loop), "observe" (it
# looks at a signal, named), "writes_n" (it writes the loop's counter),
# "inner" (an endless inner loop that observes nothing).
SPIN_THREADS = {
    "copy": ("std::thread t{sid}([parent] {{", ["parent"]),
    "ref": ("std::thread t{sid}([&parent] {{", ["parent"]),
    "none": ("std::thread t{sid}([] {{", []),
    "jtoken": ("std::jthread t{sid}([](std::stop_token st) {{", ["st"]),
    "jplain": ("std::jthread t{sid}([] {{", []),
    "jboth": ("std::jthread t{sid}([parent](std::stop_token st) {{", ["st", "parent"]),
}
SPIN_CONDS = {  # text, endless unless the body writes n, observes
    "true": ("true", True, None), "one": ("1", True, None),
    "n": ("n{sid} > 0", True, None), "global": ("g_run", False, None),
    "done": ("!parent.done()", False, "parent"),
    "stop": ("!st.stop_requested()", False, "st"),
}
SPIN_ITEMS = {  # text, exit, observes, writes n
    "poll": ("poll({sid});", False, None, False),
    "maybe_break": ("if (p({sid})) break;", True, None, False),
    "done_break": ("if (parent.done()) break;", True, "parent", False),
    "wait": ("parent.wait();", False, "parent", False),
    "delegate": ("use_context(parent);", False, "parent", False),
    "stop_return": ("if (st.stop_requested()) return;", True, "st", False),
    "possible": ("if (st.stop_possible()) poll({sid});", False, None, False),
    "fatal": ("if (p({sid})) fatal({sid});", True, None, False),
    "throw": ("if (p({sid})) throw Err{{}};", True, None, False),
    "countdown": ("--n{sid};", False, None, True),
    "switch_break": ("switch (sel({sid})) {{ case 0: break; default: poll({sid}); }}",
                     False, None, False),
    "inner": ("for (;;) {{ poll({sid}); }}", False, None, False),
}


def spin(rng, sid):
    """One thread of SPEC 9's lostcancel-unobserved, usable signals only."""
    thread = rng.choice(sorted(SPIN_THREADS))
    signals = SPIN_THREADS[thread][1]
    conds = [c for c, (_, _, obs) in SPIN_CONDS.items() if obs is None or obs in signals]
    cond = rng.choice(sorted(conds))
    # An item may name st or n only where they exist.
    items = [i for i, (text, _, obs, _) in SPIN_ITEMS.items()
             if (obs is None or obs in signals) and
             ("st." not in text or "st" in signals) and
             ("n{sid}" not in text or cond == "n")]
    return {"sid": sid, "thread": thread, "cond": cond,
            "items": [rng.choice(sorted(items)) for _ in range(rng.randint(1, 3))]}


def spin_findings(sp):
    """The expected lostcancel-unobserved lines of one spin (rendered)."""
    signals = SPIN_THREADS[sp["thread"]][1]
    jthread = sp["thread"].startswith("j")
    _, endless, cond_obs = SPIN_CONDS[sp["cond"]]
    items = [SPIN_ITEMS[i] for i in sp["items"]]
    if sp["cond"] == "n" and any(w for _, _, _, w in items):
        endless = False
    exits = any(e for _, e, _, _ in items)
    observed = cond_obs in signals or any(o in signals for _, _, o, _ in items if o)
    if not signals and not jthread:
        return set()
    if endless and not exits and not observed:
        return {("lostcancel-unobserved", sp["loop_line"])}
    # The outer loop can end (or observes): an endless inner loop that
    # observes nothing is the finding.
    return {("lostcancel-unobserved", line)
            for i, line in zip(sp["items"], sp["item_lines"]) if i == "inner"}


def root_in_scope(fn):
    """nid -> whether `parent` is in scope at each root creation: in the
    function itself, or in a `[&]` scope lambda that captures it because
    something in it (a nested scope lambda included) names `parent`."""
    out = {}

    def names_parent(stmts):
        for n in walk_all(stmts):
            if n.kind == "create" and (not n.a.get("root") or n.a.get("choice")):
                return True
        return False

    def walk(stmts, in_scope):
        for s in stmts:
            if s.kind == "create" and s.a.get("root"):
                out[s.nid] = in_scope
            if s.kind == "scope":
                walk(s.kids[0], names_parent(s.kids[0]))
            else:
                for kid in s.kids:
                    walk(kid, in_scope)

    for kid in fn.kids:
        walk(kid, True)
    return out


class Gen:
    """Generates one function from a seed."""

    def __init__(self, rng, name, dismiss=False, hrng=None):
        self.rng = rng
        # The helper rewrites' own random stream (see helperize).
        self.hrng = hrng or random.Random(name)
        self.name = name
        # --dismiss: some by-reference guards are absl::Cleanup, which
        # `std::move(g).Cancel();` dismisses on some paths.
        self.dismiss = dismiss
        self.counter = 0
        self.budget = rng.randint(6, 28)

    def fresh(self):
        self.counter += 1
        return self.counter

    def function(self):
        goto_mode = self.rng.random() < 0.2
        self.subject = None
        if self.rng.random() < 0.7:
            self.subject = self.rng.choice(sorted(SUBJECTS))
        self.guarded = []  # (variable, test) of creations under a test
        scope = {"vars": [[]], "lams": [[]], "guards": [[]], "loop": False,
                 "brk": False, "lambda": False, "goto": goto_mode, "depth": 0,
                 "in_try": False}
        body = []
        if goto_mode:
            for _ in range(self.rng.randint(1, 2)):
                v = self.fresh()
                body.append(Node("decl", var=v))
                scope["vars"][-1].append(v)
        body += self.stmts(scope, top=True)
        # Mostly, a creation under a test of the subject is released under
        # the same test at the end (at the cleanup label in goto mode).
        closing = [Node("if", [[Node("release", var=v)]], cond=self.fresh(), test=t)
                   for v, t in self.guarded
                   if v in scope["vars"][0] and self.rng.random() < 0.7]
        tail = None
        if goto_mode:
            tail = []
            for _ in range(self.rng.randint(0, 2)):
                vs = self.visible(scope)
                if vs:
                    v = self.rng.choice(vs)
                    tail.append(Node(self.rng.choice(["release", "release_if"]), var=v))
            tail += closing
        elif not body or body[-1].kind not in TERMINATORS:
            body += closing
        fn = Node("func", [body] + ([tail] if tail is not None else []),
                  name=self.name, goto=goto_mode, subject=self.subject)
        self.section9(fn)
        return fn

    def section9(self, fn):
        """The SPEC 9 constructs, from a random stream of their own (so the
        program's skeleton stays the seed's): some creations get the root
        `ctx::Background()` as their parent instead of `parent`, and the
        function may start with threads whose loops observe their signal
        or not (lostcancel-unbound-parent, lostcancel-unobserved)."""
        sr = random.Random("%s:s9" % self.name)
        for kid in fn.kids:
            for n in walk_all(kid):
                if n.kind == "create" and sr.random() < 0.12:
                    n.a["root"] = True
        fn.a["spins"] = [spin(sr, self.fresh()) for _ in range(
            sr.choice([0, 0, 0, 1, 1, 2]))]

    def visible(self, scope):
        return [v for frame in scope["vars"] for v in frame]

    def visible_lams(self, scope):
        return [l for frame in scope["lams"] for l in frame]

    def inner(self, scope, **changes):
        s = dict(scope)
        s["vars"] = scope["vars"] + [[]]
        s["lams"] = scope["lams"] + [[]]
        s["guards"] = scope["guards"] + [[]]
        s["depth"] = scope["depth"] + 1
        s.update(changes)
        return s

    def stmts(self, scope, top=False):
        out = []
        n = self.rng.randint(1, 5 if top else 3)
        for _ in range(n):
            if self.budget <= 0:
                break
            self.budget -= 1
            s = self.stmt(scope, top)
            if s is None:
                continue
            out.extend(s if isinstance(s, list) else [s])
            if out and out[-1].kind in TERMINATORS:
                break
        return out

    def stmt(self, scope, top):
        rng = self.rng
        vs = self.visible(scope)
        lams = self.visible_lams(scope)
        no_decl = scope["goto"] and top  # a goto may not jump over a declaration
        choices = []

        def add(w, kind):
            choices.append((w, kind))

        if not no_decl:
            add(4, "create_bind")
            add(0.6, "decl")
            add(0.5, "lambda_def" if vs else "create_bind")
            add(0.6 + 2.5 * self.dismiss, "guard" if vs else "create_bind")
            if scope["depth"] < 3:
                add(0.5, "creating_branch")
        if vs:
            add(2, "create_tie")
            add(1.5, "error_branch")
            add(4, "release")
            add(1, "release_if")
            add(0.7, "empty_return")
            add(1, "transfer")
            add(0.5, "read")
            add(0.8, "thread")
        if lams:
            add(1, "lambda_use")
        if self.dismiss and not scope["in_try"]:
            if any(g for frame in scope["guards"] for g in frame):
                add(2, "dismiss")
            if vs and not no_decl:
                add(2, "dismissed_exit")
        add(0.3, "discard")
        if scope["depth"] < 3:
            add(3, "if")
            add(0.7, "switch")
            add(1.5, "loop")
            add(0.8, "try")
            add(0.4, "block")
            if not scope["lambda"] and scope["depth"] < 2 and not no_decl:
                add(0.4, "scope")
        add(1, "return")
        if scope["brk"]:
            add(1, "break")
        if scope["loop"]:
            add(0.7, "continue")
        if scope["goto"] and not scope["lambda"]:
            add(0.8, "goto")
        add(0.5, "throw")
        add(0.3, "fatal")
        # The subject is a local or parameter of the function: a nested
        # lambda scope would capture it by reference (`[&]`), which makes
        # it untracked there.
        if self.subject and not scope["lambda"]:
            if vs or not no_decl:
                add(2.5, "cond_create")
            if vs:
                add(2.5, "cond_release")
                if self.subject == "flag":
                    add(0.4, "retry")
            add(0.6, "cond_return")
            if SUBJECTS[self.subject]["writes"]:
                add(0.8, "write")
        total = sum(w for w, _ in choices)
        x = rng.random() * total
        for w, kind in choices:
            x -= w
            if x < 0:
                break
        return self.helperize(self.make(kind, scope, vs, lams, top), kind,
                              scope, vs, top)

    def depth(self):
        """How many helpers a call goes through: 1, or 2-3 for a chain."""
        if "chain" in HELPER_KINDS and self.hrng.random() < 0.5:
            return self.hrng.choice([2, 3])
        return 1

    def release_helper(self, s, p):
        """A release (or `if (h) h();`) made a call of a release helper
        [8.4], with probability p, or (a plain release) of stop_when, which
        releases on some paths only: a transfer [8.1], with p / 2."""
        k, a = s.kind, s.a
        x = self.hrng.random()
        if "release" in HELPER_KINDS and x < p:
            a["helper"] = "stop" if k == "release" else "stop_if"
            a["depth"] = self.depth()
        elif "release_some" in HELPER_KINDS and p <= x < 1.5 * p and k == "release":
            s.kind = "transfer"
            s.a = {"var": a["var"], "how": "some", "depth": self.depth()}

    def helperize(self, made, kind, scope, vs, top):
        """Rewrites a statement the main stream made into a call of a
        helper of an enabled kind (SPEC 8, issue 17). Only self.hrng is
        drawn from, so the main stream and the program's skeleton stay
        those of the seed; with --helper-kinds read,store nothing changes
        at all."""
        kinds = HELPER_KINDS
        hr = self.hrng
        nodes = made if isinstance(made, list) else [made]
        for s in nodes:
            k, a = s.kind, s.a
            if k == "read" and a.get("how") == "helper":
                if "read" not in kinds:
                    a["how"] = "void"
                elif "chain" in kinds:
                    a["depth"] = self.depth()
            elif k == "transfer" and a.get("how") == "helper":
                if "store" not in kinds:
                    a["how"] = "global"
                elif "chain" in kinds:
                    a["depth"] = self.depth()
            elif k == "transfer" and "cond_store" in kinds and hr.random() < 0.2:
                a["how"] = "keep_if"  # its result untested: a transfer
                a["depth"] = self.depth()
            elif k in ("release", "release_if") and kind in ("release", "release_if"):
                self.release_helper(s, 0.3)
            elif k == "create" and not a.get("choice") and "create" in kinds and \
                    hr.random() < 0.3:
                a["wrap"] = self.depth()
            if kind == "error_branch":
                # The release before leaving early: where a release and a
                # transfer differ for the caller (§7.2, error-path-only).
                for t in s.kids[0]:
                    if t.kind == "release":
                        self.release_helper(t, 0.5)
            if k == "if" and kind in ("if", "error_branch") and vs and \
                    a.get("test") is None and "cond_store" in kinds and \
                    hr.random() < (0.5 if kind == "error_branch" else 0.25):
                # `if (keep_if(h, g_ok) < 0) { ... }` [8.2].
                rel = [t.a["var"] for t in s.kids[0] if t.kind == "release"]
                var = rel[0] if rel and hr.random() < 0.7 else hr.choice(vs)
                forms = ["lt0", "ne0", "eq0"]
                if not (scope["goto"] and top):
                    forms.append("rc")  # declares the result local
                a["keep"] = {"var": var, "form": hr.choice(forms),
                             "depth": self.depth()}
        return made

    def choice(self):
        """Sometimes a creation is a conditional expression whose arms are
        both creations [§7.19]: (condition id, second arm's API), or None."""
        if self.rng.random() < 0.15:
            return (self.fresh(), self.rng.choice(APIS))
        return None

    def creating_branch(self, scope):
        """An if branch or a case that creates a handle, may leave early
        inside, and ends by returning: not an early exit for its own
        creation [§7.16]."""
        rng = self.rng
        as_case = rng.random() < 0.4
        inner = self.inner(scope, brk=True) if as_case else self.inner(scope)
        v = self.fresh()
        inner["vars"][-1].append(v)
        body = [Node("create", form="bind", var=v, api=rng.choice(APIS),
                     choice=None)]
        body += self.stmts(inner)
        if not body or body[-1].kind not in TERMINATORS:
            if rng.random() < 0.6:
                body.append(Node("release", var=v))
            body.append(Node("return"))
        if as_case:
            return Node("switch", [body], cond=self.fresh(), falls=[False],
                        default=rng.random() < 0.5)
        return Node("if", [body], cond=self.fresh())

    def test(self, scope):
        """A test of the subject, or None for an opaque `p(n)`."""
        if self.subject and not scope["lambda"] and self.rng.random() < 0.5:
            return self.rng.choice(SUBJECTS[self.subject]["tests"])
        return None

    def subject_test(self):
        return self.rng.choice(SUBJECTS[self.subject]["tests"])

    def retry(self, vs):
        """`do { create; f = p(n); if (!f) release; } while (p(m) && !f);`:
        the loop repeats only after the release (issue 15)."""
        v = self.pick(vs)
        body = [Node("create", form="tie", var=v, api=self.rng.choice(APIS),
                     choice=None),
                Node("write", how="assign", wid=self.fresh()),
                Node("if", [[Node("release", var=v)]], cond=self.fresh(),
                     test="neg")]
        return Node("loop", [body], form="do", cond=self.fresh(), test="neg")

    def pick(self, vs):
        # Mostly the newest variables: a handle is usually used soon after
        # it is created.
        return self.rng.choice(vs[-2:] if self.rng.random() < 0.7 else vs)

    def make(self, kind, scope, vs, lams, top):
        rng = self.rng
        if kind == "creating_branch":
            return self.creating_branch(scope)
        if kind == "cond_create":
            # Mostly into a variable declared for it, as in
            # `ctx::CancelFunc cancel; if (f) std::tie(c, cancel) = ...;`.
            fresh = not (scope["goto"] and top) and (not vs or rng.random() < 0.6)
            v = self.fresh() if fresh else self.pick(vs)
            test = self.subject_test()
            self.guarded.append((v, test))
            create = Node("if", [[Node("create", form="tie", var=v,
                                       api=rng.choice(APIS), choice=None)]],
                          cond=self.fresh(), test=test)
            if not fresh:
                return create
            scope["vars"][-1].append(v)
            return [Node("decl", var=v), create]
        if kind == "cond_release":
            # Mostly the release that matches a creation under a test.
            guarded = [(v, t) for v, t in self.guarded if v in vs]
            v, test = rng.choice(guarded) if guarded and rng.random() < 0.7 \
                else (self.pick(vs), self.subject_test())
            return Node("if", [[Node("release", var=v)]], cond=self.fresh(),
                        test=test)
        if kind == "cond_return":
            return Node("if", [[Node("return")]], cond=self.fresh(),
                        test=self.subject_test())
        if kind == "write":
            return Node("write", how=rng.choice(SUBJECTS[self.subject]["writes"]),
                        wid=self.fresh())
        if kind == "retry":
            return self.retry(vs)
        if kind == "error_branch":
            # The classic shape: on error, release (or not) and leave.
            then = []
            if rng.random() < 0.6:
                then.append(Node("release", var=self.pick(vs)))
            then.append(Node("return") if rng.random() < 0.7 else
                        Node("throw", typ=rng.choice(["Err", "Other"])))
            return Node("if", [then], cond=self.fresh())
        if kind == "create_bind":
            v = self.fresh()
            scope["vars"][-1].append(v)
            return Node("create", form="bind", var=v, api=rng.choice(APIS),
                        choice=self.choice())
        if kind == "decl":
            v = self.fresh()
            scope["vars"][-1].append(v)
            return Node("decl", var=v)
        if kind == "create_tie":
            return Node("create", form="tie", var=self.pick(vs), api=rng.choice(APIS),
                        choice=self.choice())
        if kind == "discard":
            return Node("create", form=rng.choice(["unused", "first"]),
                        var=self.fresh(), api=rng.choice(APIS))
        if kind == "read":
            return Node(kind, var=self.pick(vs), how=rng.choice(["void", "helper"]))
        if kind in ("release", "release_if", "empty_return"):
            return Node(kind, var=self.pick(vs))
        if kind == "transfer":
            return Node("transfer", var=self.pick(vs),
                        how=rng.choice(["copy", "move", "global", "helper"]))
        if kind == "guard":
            g = Node("guard", var=self.pick(vs), gid=self.fresh(),
                     byref=rng.random() < 0.6)
            # A dismissable guard, never in a try block (whether a dismissal
            # may throw is the mock's business, not this test's).
            if self.dismiss and g.a["byref"] and not scope["in_try"] and \
                    rng.random() < 0.8:
                g.a["form"] = "absl"
                scope["guards"][-1].append(g.a["gid"])
            return g
        if kind == "dismiss":
            gids = [g for frame in scope["guards"] for g in frame]
            return Node("dismiss", gid=rng.choice(gids))
        if kind == "dismissed_exit":
            # A guard, then a branch that dismisses it and leaves: the
            # handle handed on first (the correct hand-over), released, or
            # left live (the bug).
            v = self.pick(vs)
            g = Node("guard", var=v, gid=self.fresh(), byref=True, form="absl")
            scope["guards"][-1].append(g.a["gid"])
            then = [Node("dismiss", gid=g.a["gid"])]
            after = rng.choice(["transfer", "release", "none"])
            if after == "transfer":
                then.append(Node("transfer", var=v, how=rng.choice(["move", "global"])))
            elif after == "release":
                then.append(Node("release", var=v))
            then.append(Node("return"))
            return [g, Node("if", [then], cond=self.fresh())]
        if kind == "lambda_def":
            lid = self.fresh()
            scope["lams"][-1].append(lid)
            return Node("lambda_def", var=self.pick(vs), lid=lid,
                        byref=rng.random() < 0.6)
        if kind == "lambda_use":
            return Node("lambda_use", lid=rng.choice(lams),
                        how=rng.choice(["call", "call", "pass"]))
        if kind == "thread":
            return Node("thread", var=self.pick(vs),
                        how=rng.choice(["detach_copy", "detach_fn", "detach_ref",
                                        "join_fn", "jthread"]))
        if kind == "if":
            test = self.test(scope)
            then = self.stmts(self.inner(scope))
            els = self.stmts(self.inner(scope)) if rng.random() < 0.5 else None
            return Node("if", [then] + ([els] if els is not None else []),
                        cond=self.fresh(), test=test)
        if kind == "switch":
            on_mode = self.subject == "mode" and not scope["lambda"] and \
                rng.random() < 0.5
            ncases = rng.randint(1, 3)
            cases = [self.stmts(self.inner(scope, brk=True)) for _ in range(ncases)]
            falls = [rng.random() < 0.4 for _ in range(ncases)]
            falls[-1] = False
            return Node("switch", cases, cond=self.fresh(), falls=falls,
                        default=rng.random() < 0.5, test="mode" if on_mode else None)
        if kind == "loop":
            form = rng.choice(["while", "for", "do", "forever"])
            test = self.test(scope) if form in ("while", "do") else None
            body = self.stmts(self.inner(scope, loop=True, brk=True))
            if form == "forever":
                body = [Node("if", [[Node("break")]], cond=self.fresh())] + body
            return Node("loop", [body], form=form, cond=self.fresh(), test=test)
        if kind == "try":
            body = self.stmts(self.inner(scope, in_try=True))
            catches = rng.choice([["..."], ["Err"], ["Err", "..."], ["Other", "Err"]])
            handlers = [self.stmts(self.inner(scope)) for _ in catches]
            return Node("try", [body] + handlers, catches=catches)
        if kind == "block":
            return Node("block", [self.stmts(self.inner(scope))])
        if kind == "scope":
            inner = {"vars": [[]], "lams": [[]], "guards": [[]], "loop": False,
                     "brk": False, "lambda": True, "goto": False,
                     "depth": scope["depth"] + 1, "in_try": False}
            return Node("scope", [self.stmts(inner, top=True)], sid=self.fresh())
        if kind == "throw":
            return Node("throw", typ=rng.choice(["Err", "Err", "Other"]))
        if kind in ("return", "break", "continue", "goto", "fatal"):
            return Node(kind)
        raise AssertionError(kind)


# ---------------------------------------------------------------------------
# Rendering to C++.

PRELUDE = """\
// Generated by test/fuzz/lcfuzz.py.
#include "gocontext.h"
#include "guards.h"
#include <functional>
#include <thread>
#include <tuple>
#include <utility>
bool p(int);
int sel(int);
int lim(int);
[[noreturn]] void fatal(int);
void consume(ctx::CancelFunc);
void worker(ctx::CancelFunc);
void run(const std::function<void()> &);
extern ctx::CancelFunc g_saved;
// Helpers defined here (SPEC 8): peek only reads the handle, keep stores it.
template <class F> bool peek(const F &f) noexcept { return static_cast<bool>(f); }
inline void keep(const ctx::CancelFunc &f) { g_saved = f; }
struct Err {};
struct Other {};
struct Cfg {
  bool on() const;
  void reload();
};
void Touch(bool *);
// SPEC 9: what the threads' loops call.
#include <stop_token>
void poll(int);
void use_context(const ctx::Context &);
extern bool g_run;
"""

# The helpers of the other kinds (issue 17), appended to PRELUDE by
# main() for the enabled kinds only (so that --helper-kinds read,store
# renders every seed exactly as before).
HELPER_PRELUDE = {
    "release": """\
// release wrappers (SPEC 8.4): on every path, or after an empty test.
inline void stop(ctx::CancelFunc f) noexcept { f(); }
inline void stop_if(ctx::CancelFunc f) noexcept { if (f) f(); }
""",
    "release_some": """\
// releases on some paths only (SPEC 8.1): a transfer for its caller.
extern bool g_ok;
inline void stop_when(ctx::CancelFunc f, bool flag) noexcept { if (flag) f(); }
""",
    "cond_store": """\
// conditional storing (SPEC 8.2): stores and returns 0, or returns -1.
extern bool g_ok;
inline int keep_if(const ctx::CancelFunc &f, bool ok) {
  if (!ok) return -1;
  g_saved = f;
  return 0;
}
""",
    "create": """\
// creation wrappers (SPEC 8.3).
inline std::pair<ctx::Context, ctx::CancelFunc> make_cancel(const ctx::Context &p) {
  return ctx::WithCancel(p);
}
inline std::pair<ctx::Context, ctx::CancelFunc> make_timeout(const ctx::Context &p) {
  return ctx::WithTimeout(p, ctx::Duration(5));
}
inline std::pair<ctx::Context, ctx::CancelFunc> make_deadline(const ctx::Context &p) {
  return ctx::WithDeadline(p, 10);
}
""",
}
# chain: each helper of an enabled kind again through one (name2) or two
# (name3) more helpers that pass the handle on.
CHAIN_PRELUDE = {
    "read": ["template <class F> bool peek{d}(const F &f) noexcept {{ return {c}(f); }}"],
    "store": ["inline void keep{d}(const ctx::CancelFunc &f) {{ {c}(f); }}"],
    "release": ["inline void stop{d}(ctx::CancelFunc f) noexcept {{ {c}(f); }}",
                "inline void stop_if{d}(ctx::CancelFunc f) noexcept {{ {c}(f); }}"],
    "release_some": ["inline void stop_when{d}(ctx::CancelFunc f, bool flag) noexcept "
                     "{{ {c}(f, flag); }}"],
    "cond_store": ["inline int keep_if{d}(const ctx::CancelFunc &f, bool ok) "
                   "{{ return {c}(f, ok); }}"],
    "create": ["inline std::pair<ctx::Context, ctx::CancelFunc> "
               "make_%s{d}(const ctx::Context &p) {{ return {c}(p); }}" % api
               for api in ("cancel", "timeout", "deadline")],
}


def helper_prelude(kinds):
    """The prelude's text for the helper kinds beyond read and store."""
    out = []
    for k in HELPER_KINDS_ALL:
        if k in kinds and k in HELPER_PRELUDE:
            text = HELPER_PRELUDE[k]
            if "extern bool g_ok;" in "".join(out):
                text = text.replace("extern bool g_ok;\n", "")
            out.append(text)
    if "chain" in kinds:
        out.append("// chains (depth 2 and 3): a helper passing the handle to another.\n")
        for k in HELPER_KINDS_ALL:
            for pattern in CHAIN_PRELUDE.get(k, []) if k in kinds else []:
                base = re.match(r".*? (\w+)\{d\}\(", pattern).group(1)
                for d in (2, 3):
                    out.append(pattern.format(d=d, c=helper_name(base, d - 1)) + "\n")
    return "".join(out)


# How a test of the subject reads, by subject and polarity.
TEST_TEXT = {
    ("flag", "pos"): "f", ("flag", "neg"): "!f",
    ("const", "pos"): "k", ("const", "neg"): "!k",
    ("cfg", "pos"): "cfg.on()", ("cfg", "neg"): "!cfg.on()",
    ("mcfg", "pos"): "mcfg.on()", ("mcfg", "neg"): "!mcfg.on()",
    ("mode", "eq"): "mode == 2", ("mode", "ne"): "mode != 2",
}
WRITE_TEXT = {"assign": "f = p({wid});", "touch": "Touch(&f);",
              "const": "mode = 3;", "reload": "mcfg.reload();"}


class Renderer:
    def __init__(self):
        self.lines = PRELUDE.splitlines()
        self.subject = None

    def emit(self, depth, text, node=None):
        self.lines.append("  " * depth + text)
        if node is not None:
            node.line = len(self.lines)

    def function(self, fn):
        self.subject = fn.a["subject"]
        self.emit(0, "int %s(const ctx::Context &parent, bool f, int mode, "
                     "const Cfg &cfg, Cfg &mcfg) {" % fn.a["name"], fn)
        for sp in fn.a.get("spins", []):
            self.spin(sp)
        if self.subject == "const":
            self.emit(1, "const bool k = p(0);")
        self.block(fn.kids[0], 1, False)
        if fn.a["goto"]:
            self.emit(0, "out:")
            self.block(fn.kids[1] if len(fn.kids) > 1 else [], 1, False)
        self.emit(1, "return 0;")
        fn.end_line = len(self.lines)  # where a release before it goes
        self.emit(0, "}")

    def block(self, stmts, d, in_lambda):
        for s in stmts:
            self.stmt(s, d, in_lambda)

    def spin(self, sp):
        """A thread running one loop (SPEC 9), in a block of its own."""
        sid = sp["sid"]
        self.emit(1, "{")
        if sp["cond"] == "n":
            self.emit(2, "int n%d = lim(%d);" % (sid, sid))
            head = SPIN_THREADS[sp["thread"]][0].replace("[parent]", "[parent, n{sid}]") \
                .replace("[&parent]", "[&parent, n{sid}]").replace("[]", "[n{sid}]")
        else:
            head = SPIN_THREADS[sp["thread"]][0]
        self.emit(2, head.format(sid=sid))
        if sp["cond"] == "n" and any(SPIN_ITEMS[i][3] for i in sp["items"]):
            # The lambda writes its copy of n: it must be mutable.
            self.lines[-1] = self.lines[-1].replace(") {", ") mutable {") \
                if "(std::stop_token" in self.lines[-1] else \
                self.lines[-1].replace("] {", "]() mutable {")
        self.emit(3, "while (%s) {" % SPIN_CONDS[sp["cond"]][0].format(sid=sid))
        sp["loop_line"] = len(self.lines)
        sp["item_lines"] = []
        for item in sp["items"]:
            self.emit(4, SPIN_ITEMS[item][0].format(sid=sid))
            sp["item_lines"].append(len(self.lines))
        self.emit(3, "}")
        self.emit(2, "});")
        if not sp["thread"].startswith("j"):
            self.emit(2, "t%d.join();" % sid)
        self.emit(1, "}")

    def cond(self, s):
        """The condition of an if or of a while/do loop."""
        keep = s.a.get("keep")
        if keep:
            call = "%s(cancel%d, g_ok)" % (helper_name("keep_if", keep["depth"]),
                                          keep["var"])
            return {"lt0": "%s < 0", "ne0": "%s != 0", "eq0": "%s == 0",
                    "rc": "rc%d" % s.a["cond"]}[keep["form"]].replace("%s", call)
        if s.a.get("test") is None:
            return "p(%d)" % s.a["cond"]
        text = TEST_TEXT[(self.subject, s.a["test"])]
        # A loop also calls p(n) first, so that it can always end.
        return text if s.kind == "if" else "p(%d) && %s" % (s.a["cond"], text)

    def stmt(self, s, d, lam):
        k, a = s.kind, s.a
        ret = "return;" if lam else "return 0;"
        h = "cancel%d" % a.get("var", 0)
        c = "ctx%d" % a.get("var", 0)
        if k == "decl":
            self.emit(d, "ctx::Context %s; ctx::CancelFunc %s;" % (c, h), s)
        elif k == "create":
            call = api_call(a["api"], a.get("wrap"))
            if a.get("root"):
                call = call.replace("(parent", "(ctx::Background()", 1)
            if a.get("choice"):
                call = "p(%d) ? %s : %s" % (a["choice"][0], call,
                                           api_call(a["choice"][1]))
            if a["form"] == "bind":
                self.emit(d, "auto [%s, %s] = %s;" % (c, h, call), s)
            elif a["form"] == "tie":
                self.emit(d, "std::tie(%s, %s) = %s;" % (c, h, call), s)
            elif a["form"] == "unused":
                self.emit(d, "%s;" % call, s)
            else:
                self.emit(d, "ctx::Context first%d = %s.first;" % (a["var"], call), s)
        elif k == "release" and a.get("helper"):
            self.emit(d, "%s(%s);" % (helper_name(a["helper"], a.get("depth")), h), s)
        elif k == "release":
            self.emit(d, "%s();" % h, s)
        elif k == "release_if" and a.get("helper"):
            self.emit(d, "%s(%s);" % (helper_name(a["helper"], a.get("depth")), h), s)
        elif k == "release_if":
            self.emit(d, "if (%s) %s();" % (h, h), s)
        elif k == "empty_return":
            self.emit(d, "if (!%s) %s" % (h, "return;" if lam else "return -1;"), s)
        elif k == "read":
            text = {"void": "(void)%s;",
                    "helper": helper_name("peek", a.get("depth")) + "(%s);"}[
                a.get("how", "void")] % h
            self.emit(d, text, s)
        elif k == "transfer":
            text = {"copy": "consume(%s);", "move": "consume(std::move(%s));",
                    "global": "g_saved = %s;",
                    "helper": helper_name("keep", a.get("depth")) + "(%s);",
                    "some": helper_name("stop_when", a.get("depth")) + "(%s, g_ok);",
                    "keep_if": helper_name("keep_if", a.get("depth")) + "(%s, g_ok);",
                    }[a["how"]] % h
            self.emit(d, text, s)
        elif k == "guard":
            cap = "&" if a["byref"] else h
            if a.get("form") == "absl":
                self.emit(d, "absl::Cleanup g%d = [&] { %s(); };" % (a["gid"], h), s)
            elif a.get("form") == "fix":
                self.emit(d, a["text"], s)  # a fix-it's guard, as inserted
            else:
                self.emit(d, "auto g%d = gsl::finally([%s] { %s(); });"
                          % (a["gid"], cap, h), s)
        elif k == "dismiss":
            self.emit(d, "std::move(g%d).Cancel();" % a["gid"], s)
        elif k == "lambda_def":
            cap = "&" if a["byref"] else h
            self.emit(d, "auto l%d = [%s] { %s(); };" % (a["lid"], cap, h), s)
        elif k == "lambda_use":
            if a["how"] == "call":
                self.emit(d, "l%d();" % a["lid"], s)
            else:
                self.emit(d, "run(l%d);" % a["lid"], s)
        elif k == "thread":
            text = {
                "detach_copy": "std::thread([=] { %s(); }).detach();",
                "detach_ref": "std::thread([&] { %s(); }).detach();",
                "detach_fn": "std::thread(worker, %s).detach();",
                "join_fn": "std::thread(worker, %s).join();",
                "jthread": "std::jthread{worker, %s};",
            }[a["how"]] % h
            self.emit(d, text, s)
        elif k == "write":
            self.emit(d, WRITE_TEXT[a["how"]].format(wid=a["wid"]), s)
        elif k == "if":
            keep = a.get("keep")
            if keep and keep["form"] == "rc":
                # The result in a local, tested on the same line (one
                # statement per line keeps the fix-it mapping simple).
                self.emit(d, "int rc%d = %s(cancel%d, g_ok); if (%s) {" % (
                    a["cond"], helper_name("keep_if", keep["depth"]),
                    keep["var"], self.cond(s)), s)
            else:
                self.emit(d, "if (%s) {" % self.cond(s), s)
            self.block(s.kids[0], d + 1, lam)
            if len(s.kids) > 1:
                self.emit(d, "} else {")
                self.block(s.kids[1], d + 1, lam)
            self.emit(d, "}")
        elif k == "switch":
            self.emit(d, "switch (%s) {" % ("mode" if a.get("test") else
                                            "sel(%d)" % a["cond"]), s)
            for i, case in enumerate(s.kids):
                self.emit(d, "case %d: {" % i)
                self.block(case, d + 1, lam)
                self.emit(d, "}")
                if a["falls"][i] and (i + 1 < len(s.kids)):
                    self.emit(d + 1, "[[fallthrough]];")
                else:
                    self.emit(d + 1, "break;")
            if a["default"]:
                self.emit(d, "default:")
                self.emit(d + 1, "break;")
            self.emit(d, "}")
        elif k == "loop":
            form, n = a["form"], a["cond"]
            head = {"while": "while (%s) {" % self.cond(s),
                    "for": "for (int i%d = 0; i%d < lim(%d); ++i%d) {" % (n, n, n, n),
                    "do": "do {", "forever": "for (;;) {"}[form]
            self.emit(d, head, s)
            self.block(s.kids[0], d + 1, lam)
            self.emit(d, "} while (%s);" % self.cond(s) if form == "do" else "}")
        elif k == "try":
            self.emit(d, "try {", s)
            self.block(s.kids[0], d + 1, lam)
            for typ, handler in zip(a["catches"], s.kids[1:]):
                self.emit(d, "} catch (%s) {" % ("..." if typ == "..." else "const %s &" % typ))
                self.block(handler, d + 1, lam)
            self.emit(d, "}")
        elif k == "block":
            self.emit(d, "{", s)
            self.block(s.kids[0], d + 1, lam)
            self.emit(d, "}")
        elif k == "scope":
            self.emit(d, "auto s%d = [&]() {" % a["sid"], s)
            self.block(s.kids[0], d + 1, True)
            self.emit(d, "};")
            s.end_line = len(self.lines)
            self.emit(d, "s%d();" % a["sid"])
        elif k == "return":
            self.emit(d, ret, s)
        elif k in ("break", "continue"):
            self.emit(d, k + ";", s)
        elif k == "goto":
            self.emit(d, "goto out;", s)
        elif k == "throw":
            self.emit(d, "throw %s{};" % a["typ"], s)
        elif k == "fatal":
            self.emit(d, "fatal(0);", s)
        else:
            raise AssertionError(k)


# ---------------------------------------------------------------------------
# Validity (so that shrinking keeps valid C++).


class Invalid(Exception):
    pass


def validate(fn):
    """Raises Invalid unless the function is well-formed C++ in our subset."""
    goto_mode = fn.a["goto"]

    def walk(stmts, vars_, lams, loop, brk, lam, top, guards=(), in_try=False):
        vars_ = vars_ + [set()]
        lams = lams + [set()]
        guards = list(guards) + [set()]
        seen_goto = False
        for s in stmts:
            k, a = s.kind, s.a
            visible = set().union(*vars_)
            if (k in ("decl", "create", "guard", "lambda_def", "scope") or
                    a.get("keep", {}).get("form") == "rc") and top \
                    and goto_mode and seen_goto:
                raise Invalid("declaration after a goto")
            if a.get("keep") and a["keep"]["var"] not in visible:
                raise Invalid("undeclared variable")
            if k == "decl" or (k == "create" and a["form"] == "bind"):
                vars_[-1].add(a["var"])
            elif k == "create" and a["form"] == "tie" or k in (
                    "release", "release_if", "empty_return", "read", "transfer",
                    "guard", "thread"):
                if a["var"] not in visible:
                    raise Invalid("undeclared variable")
            elif k == "lambda_def":
                if a["var"] not in visible:
                    raise Invalid("undeclared variable")
                lams[-1].add(a["lid"])
            elif k == "lambda_use":
                if a["lid"] not in set().union(*lams):
                    raise Invalid("undeclared lambda")
            elif k == "dismiss" and (in_try or a["gid"] not in set().union(*guards)):
                raise Invalid("dismissal of no guard in scope, or in a try block")
            elif k == "break" and not brk:
                raise Invalid("break outside loop/switch")
            elif k == "continue" and not loop:
                raise Invalid("continue outside loop")
            elif k == "goto" and (lam or not goto_mode):
                raise Invalid("goto")
            if k == "guard" and a.get("form") == "absl":
                if in_try:
                    raise Invalid("a dismissable guard in a try block")
                guards[-1].add(a["gid"])
            if lam and (k == "write" or a.get("test")):
                raise Invalid("the subject in a lambda that captures it by reference")
            if k in ("if", "block"):
                for kid in s.kids:
                    walk(kid, vars_, lams, loop, brk, lam, False, guards, in_try)
            elif k == "try":
                for i, kid in enumerate(s.kids):
                    walk(kid, vars_, lams, loop, brk, lam, False, guards,
                         in_try or i == 0)
            elif k == "switch":
                for kid in s.kids:
                    walk(kid, vars_, lams, loop, True, lam, False, guards, in_try)
            elif k == "loop":
                walk(s.kids[0], vars_, lams, True, True, lam, False, guards, in_try)
            elif k == "scope":
                walk(s.kids[0], [], [], False, False, True, False)
            if contains(s, "goto"):
                seen_goto = True

    walk(fn.kids[0], [], [], False, False, False, True)
    copied_then_recreated(fn)
    dismissed_beside_another_guard(fn)
    if goto_mode:
        tail_vars = set()
        for s in fn.kids[0]:
            if s.kind == "decl" or (s.kind == "create" and s.a["form"] == "bind"):
                tail_vars.add(s.a["var"])
        for s in walk_all(fn.kids[1] if len(fn.kids) > 1 else []):
            if "var" in s.a and s.a["var"] not in tail_vars:
                raise Invalid("tail uses an undeclared variable")


def dismissed_beside_another_guard(fn):
    """Raises Invalid when a dismissed guard's handle variable has another
    guard in the function: the analysis then ignores the dismissals (a
    documented precision rule, SPEC §7.18 as implemented)."""
    stmts = [s for kids in fn.kids for s in walk_all(kids)]
    guards = [s for s in stmts if s.kind == "guard"]
    for d in stmts:
        if d.kind != "dismiss":
            continue
        var = next((g.a["var"] for g in guards if g.a.get("gid") == d.a["gid"]),
                   None)
        if sum(1 for g in guards if g.a["var"] == var) > 1:
            raise Invalid("a dismissed guard beside another guard of its handle")


def copied_then_recreated(fn):
    """Raises Invalid when a lambda that captured a variable by copy is used
    after the variable got a new handle: the analysis takes a lambda to act
    on what the variable holds when it is called, not on its copy (a
    documented limit: lambda bodies are followed flow-insensitively)."""
    order = list(walk_all(fn.kids[0]))
    for i, d in enumerate(order):
        if d.kind != "lambda_def" or d.a["byref"]:
            continue
        for j in range(i + 1, len(order)):
            c = order[j]
            if c.kind == "create" and c.a.get("var") == d.a["var"] and any(
                    u.kind == "lambda_use" and u.a["lid"] == d.a["lid"]
                    for u in order[j + 1:]):
                raise Invalid("a copy-capturing lambda used after its "
                              "variable got a new handle")


def contains(node, kind):
    if node.kind == kind:
        return True
    return any(contains(s, kind) for kid in node.kids for s in kid)


def number(fn):
    """Gives every node a unique id (nid)."""
    counter = [0]

    def walk(stmts):
        for s in stmts:
            counter[0] += 1
            s.nid = counter[0]
            for kid in s.kids:
                walk(kid)

    counter[0] += 1
    fn.nid = counter[0]
    for kid in fn.kids:
        walk(kid)


# ---------------------------------------------------------------------------
# The oracle.

LIVE, RELEASED, TRANSFERRED, LOST = "live", "released", "transferred", "lost"


class State:
    """One path's state. Immutable by convention: copy before changing."""

    __slots__ = ("frames", "vals", "insts", "lams", "next", "env")

    def __init__(self):
        # tuple of tuples of ('v', var) | ('g', var, nid, gid) | ('l', lid);
        # a dismissed guard's entry is ('x', var, nid, gid)
        self.frames = ()
        self.vals = {}    # var -> instance id or None
        self.insts = {}   # instance id -> (site nid, status)
        self.lams = {}    # lid -> ('ref', var) | ('val', instance or None)
        self.next = 0
        self.env = {}     # what the path knows of the subject (Oracle.branch)

    def copy(self):
        s = State()
        s.frames = self.frames
        s.vals = dict(self.vals)
        s.insts = dict(self.insts)
        s.lams = dict(self.lams)
        s.next = self.next
        s.env = dict(self.env)
        return s

    def key(self):
        """What the future of the path depends on."""
        return self.handle_key() + (tuple(sorted(self.env.items())),)

    def handle_key(self):
        """The handle state alone: instances are named by their first
        mention, and instances no variable or lambda holds any more are
        left out (nothing can act on them)."""
        names = {}

        def name(inst):
            if inst is None:
                return None
            if inst not in names:
                names[inst] = len(names)
            site, status = self.insts[inst]
            return (names[inst], site, status)

        vals = tuple((v, name(i)) for v, i in sorted(self.vals.items()))
        lams = tuple((l, c[0], c[1] if c[0] == "ref" else name(c[1]))
                     for l, c in sorted(self.lams.items()))
        return (self.frames, vals, lams)

    def prune(self):
        """Forgets the instances nothing holds any more."""
        held = set(i for i in self.vals.values() if i is not None)
        held.update(c[1] for c in self.lams.values() if c[0] == "val")
        self.insts = {i: v for i, v in self.insts.items() if i in held}


class Facts:
    def __init__(self):
        self.leak = False
        self.overwrite = False
        self.escape = False
        self.dangling = False
        self.releases = set()   # nids of statements that released the site's handle
        self.double = False     # a handle of the site released twice on a path
        self.transfers = set()  # nids of statements that transferred it


class Ctx:
    """How a statement list runs: inside a try block (every point may throw
    to its handlers), and whether facts are recorded (not when probing a
    branch for §7.2)."""

    def __init__(self, in_try=False, record=True):
        self.in_try = in_try
        self.record = record
        # [False] to learn whether a path was cut short by a loop that may
        # never end (see Oracle.always_leaves); None when nobody asks.
        self.cut_box = None
        # Probing a branch for §7.2, which is structural: every test of the
        # subject may go either way, and nothing is learnt.
        self.probe = False

    def with_(self, **kw):
        c = Ctx(self.in_try, self.record)
        c.cut_box = self.cut_box
        c.probe = self.probe
        for k, v in kw.items():
            setattr(c, k, v)
        return c


def evaluates_something(s):
    """Does the statement itself evaluate an expression (a call, a
    declaration, a condition), as opposed to a jump or a mere grouping of
    other statements?"""
    if s.kind in ("break", "continue", "goto", "block", "try"):
        return False
    # A do loop evaluates its condition only after its body, whose own
    # points come first; `for (;;)` evaluates nothing.
    return not (s.kind == "loop" and s.a["form"] in ("do", "forever"))


def throw_point(stmts, i):
    """May the point before stmts[i] (or the list's end) throw to the
    handlers of the enclosing try block? [§7.9: "as if any call in it may
    throw"]: the points next to a statement that evaluates something. Inner
    statement lists have their own points."""
    return ((i > 0 and evaluates_something(stmts[i - 1])) or
            (i < len(stmts) and evaluates_something(stmts[i])))


def may_throw(s, subject):
    """Does the statement make a call that may throw before anything else
    it does to a handle [§7.15]? Returns (True, spared variable or None),
    or (False, None). The spared variable's handle is the one the call
    itself creates, releases or passes on. Conditions call p(n) or sel(n);
    a test of the subject calls only cfg.on() or mcfg.on(); a loop's test
    calls p(n) first."""
    k, a = s.kind, s.a
    if k == "write":
        return a["how"] != "const", None
    if k == "if" and a.get("keep"):
        # keep_if is not noexcept (it copies the handle, like keep); its
        # own handle is the one it passes on. g_ok is a plain read.
        return True, a["keep"]["var"]
    if k == "if":
        return a.get("test") is None or subject in ("cfg", "mcfg"), None
    if k == "switch":
        return a.get("test") is None, None
    if k == "create":
        if a["form"] in ("unused", "first") or a.get("choice"):
            return True, None  # the call is no target, or `p(n)` runs first
        return True, a["var"]
    if k == "dismiss":
        return False, None  # never generated in a try block
    if k in ("release", "release_if"):
        # A release is taken not to throw [§7.15] (the generated variables
        # hold a handle or nothing, never another callable); the release
        # helpers are noexcept.
        return False, None
    if k == "transfer" and a["how"] == "some":
        return False, None  # stop_when is noexcept
    if k == "transfer":
        return True, a["var"]
    if k == "guard":
        return True, a["var"]  # gsl::finally takes the handle
    if k == "lambda_use":
        return True, ("lambda", a["lid"])
    if k == "thread":
        if a["how"] == "jthread":
            return False, None
        # .detach() / .join() after the thread took the handle.
        return True, a["var"] if a["how"] == "join_fn" else None
    if k in ("scope", "fatal"):
        return True, None
    if k == "loop":
        return a["form"] in ("while", "for"), None
    return False, None


def calls_nothing(s, st):
    """`if (h) h();` where h was declared and never given a handle: a
    default-constructed std::function is empty, so nothing is called."""
    return s.kind == "release_if" and st.vals.get(s.a["var"]) is None


def spare(st, var, lam_vars):
    """The state without the handle `var` holds (for a lambda, the
    variable it captured, and the handle it carries): a call that acts on
    it does not lose it."""
    if var is None:
        return st
    st = st.copy()
    if isinstance(var, tuple):
        if st.lams.get(var[1]) is not None:
            st.lams[var[1]] = ("val", None)
        var = lam_vars.get(var[1])
    st.vals[var] = None
    return st


def dedupe(pairs):
    seen = {}
    for o, s in pairs:
        seen.setdefault((o, s.key()), (o, s))
    return list(seen.values())


# The analysis keeps about 8 distinct handle states apart per program point
# and joins the rest; with a margin (its states are not exactly these),
# the merging variant forgets every condition at a point with more.
JOIN_CAP = 6


def common(env1, env2):
    """What two paths both know."""
    missing = object()
    return {a: v for a, v in env1.items() if env2.get(a, missing) == v}


def catches(typ, handler_type):
    return handler_type == "..." or handler_type == typ


class Oracle:
    """With merge=False, the path oracle. With merge=True, the same paths
    joined the way the analysis joins them (docstring: what the merge
    loses); only used to keep the generator where the two agree."""

    def __init__(self, unroll, merge=False):
        self.unroll = unroll
        self.merge = merge
        self.subject = None
        self.facts = {}
        self.sites = {}   # nid -> create node
        self.parents = {}  # nid -> list of (branch owner node, branch index)
        self.lam_vars = {}  # lid -> the variable the lambda captured
        self.created = set()
        self.shared_keeps = set()  # variables passed to keep_if twice

    # -- facts ------------------------------------------------------------
    def fact(self, site):
        return self.facts.setdefault(site, Facts())

    # -- conditions ---------------------------------------------------------
    # A path's env: for a bool subject, "b" -> its value; for mode,
    # "value" -> the value written or taken by a case edge, "is2" -> the
    # outcome of `mode == 2`, and (oracle only) "not" -> values excluded by
    # a false `mode == 2` or a switch's no-match edge. In the oracle
    # `mode == 2` also sets the value. The merging variant assumes no more
    # than SPEC §7.14 promises: a switch is decided by "value" alone, its
    # no-match edge learns nothing, and a join keeps only equal entries.
    def dedupe(self, pairs):
        if not self.merge:
            return dedupe(pairs)
        merged = {}
        for o, s in pairs:
            key = (o, s.handle_key())
            if key in merged:
                m = merged[key][1]
                env = common(m.env, s.env)
                if env != m.env:
                    m = m.copy()
                    m.env = env
                    merged[key] = (o, m)
            else:
                merged[key] = (o, s)
        # Beyond its cap the analysis joins distinct handle states too.
        crowded = {o for o, n in collections.Counter(o for o, _ in merged).items()
                   if n > JOIN_CAP}
        for key, (o, m) in merged.items():
            if o in crowded and m.env:
                m = m.copy()
                m.env = {}
                merged[key] = (o, m)
        return list(merged.values())

    def knowing(self, st, **env):
        st = st.copy()
        st.env.update(env)
        return st

    def branch(self, s, st, ctx):
        """The edges of the condition of an if or loop: (value, state)."""
        test = s.a.get("test")
        if test is None or ctx.probe:
            return [(True, st), (False, st)]
        if test in ("pos", "neg"):
            if "b" in st.env:
                outcomes = [(st.env["b"], st)]
            else:
                outcomes = [(v, self.knowing(st, b=v)) for v in (True, False)]
        else:
            outcomes = self.mode_is_2(st)
        positive = test in ("pos", "eq")
        return [(v if positive else not v, y) for v, y in outcomes]

    def mode_is_2(self, st):
        env = st.env
        if "value" in env:
            return [(env["value"] == 2, st)]
        if "is2" in env:
            return [(env["is2"], st)]
        yes = self.knowing(st, is2=True)
        no = self.knowing(st, is2=False)
        if not self.merge:
            yes.env["value"] = 2
            no.env["not"] = env.get("not", frozenset()) | {2}
        return [(True, yes), (False, no)]

    def switch_entries(self, s, st, ctx):
        """Where a switch goes: (index of the first case run, or None when
        no case matches, state)."""
        labels = range(len(s.kids))
        if not s.a.get("test") or ctx.probe:
            return [(None, st)] + [(i, st) for i in labels]
        env = st.env
        if "value" in env:
            return [(env["value"] if env["value"] in labels else None, st)]
        excluded = env.get("not", frozenset())
        out = [(i, self.knowing(st, value=i)) for i in labels
               if self.merge or i not in excluded]
        none = st if self.merge else self.knowing(st, **{"not": excluded | set(labels)})
        return [(None, none)] + out

    def loop_heads(self, heads, seen):
        """The merging variant joins, at a loop head, the states of every
        iteration that have equal handle states: a head is run again only
        with less known than before."""
        if not self.merge:
            return heads
        out = []
        for h in heads:
            key = h.handle_key()
            if key in seen:
                env = common(seen[key], h.env)
                if env == seen[key]:
                    continue
                h = h.copy()
                h.env = env
            seen[key] = h.env
            out.append(h)
        return out

    # -- state helpers ----------------------------------------------------
    def release_inst(self, st, inst, nid, ctx, recorded=True):
        if inst is None or inst not in st.insts:
            return st
        site, status = st.insts[inst]
        if ctx.record and recorded and nid is not None:
            self.fact(site).releases.add(nid)
        if ctx.record and recorded and nid is not None and status == RELEASED:
            self.fact(site).double = True
        if status == LIVE:
            st = st.copy()
            st.insts[inst] = (site, RELEASED)
        return st

    def transfer_inst(self, st, inst, nid, ctx):
        if inst is None or inst not in st.insts:
            return st
        site, status = st.insts[inst]
        if ctx.record:
            self.fact(site).transfers.add(nid)
        if status == LIVE:
            st = st.copy()
            st.insts[inst] = (site, TRANSFERRED)
        return st

    def dismiss(self, st, gid):
        """The guard `gid` releases nothing at its scope's end any more on
        this path [§7.18]; what its variable holds is as live as before."""
        st = st.copy()
        st.frames = tuple(tuple(("x",) + e[1:] if e[0] == "g" and e[3] == gid else e
                                for e in frame) for frame in st.frames)
        return st

    def push(self, st):
        st = st.copy()
        st.frames = st.frames + ((),)
        return st

    def declare(self, st, entry):
        st = st.copy()
        st.frames = st.frames[:-1] + (st.frames[-1] + (entry,),)
        return st

    def pop(self, st, ctx, check_leaks=True):
        frame = st.frames[-1]
        st = st.copy()
        st.frames = st.frames[:-1]
        for entry in reversed(frame):
            if entry[0] == "g":
                st = self.release_inst(st, st.vals.get(entry[1]), entry[2], ctx)
            elif entry[0] == "x":
                pass  # a dismissed guard releases nothing
            elif entry[0] == "v":
                inst = st.vals.get(entry[1])
                if inst is not None and st.insts[inst][1] == LIVE and ctx.record \
                        and check_leaks:
                    self.fact(st.insts[inst][0]).leak = True
                st = st.copy()
                st.vals.pop(entry[1], None)
            elif entry[0] == "l":
                st = st.copy()
                st.lams.pop(entry[1], None)
        return st

    # -- execution --------------------------------------------------------
    def run_list(self, stmts, st, ctx):
        out = []
        cur = [st]
        for i, s in enumerate(stmts):
            nxt = []
            throws, spared = may_throw(s, self.subject) if ctx.in_try else (False, None)
            if ctx.in_try and s.kind == "release" and \
                    not s.a.get("helper") and s.a["var"] not in self.created:
                throws, spared = True, None  # no handle: an unknown call
            for x in cur:
                if ctx.in_try and throw_point(stmts, i):
                    out.append((("ithrow",), x))
                if throws and not calls_nothing(s, x):
                    out.append((("cthrow",), spare(x, spared, self.lam_vars)))
                for o, y in self.run_stmt(s, x, ctx):
                    if o == ("normal",):
                        nxt.append(y)
                    else:
                        out.append((o, y))
            cur = [s2 for _, s2 in self.dedupe([(("normal",), y) for y in nxt])]
        for x in cur:
            if ctx.in_try and throw_point(stmts, len(stmts)):
                out.append((("ithrow",), x))
            out.append((("normal",), x))
        return self.dedupe(out)

    def run_block(self, stmts, st, ctx):
        res = []
        for o, y in self.run_list(stmts, self.push(st), ctx):
            if o == ("dead",):
                res.append((o, y))
            else:
                # The implicit edge from any point to a handler (§7.9)
                # carries the state of the handles; the edge from a call
                # that may throw ("cthrow") is where the try block's own
                # live handles leak (§7.15).
                res.append((o, self.pop(y, ctx, check_leaks=o != ("ithrow",))))
        return self.dedupe(res)

    def run_stmt(self, s, st, ctx):
        k, a = s.kind, s.a
        normal = ("normal",)
        if k == "decl":
            st = self.declare(st, ("v", a["var"]))
            st.vals[a["var"]] = None
            return [(normal, st)]
        if k == "create":
            if a["form"] in ("unused", "first"):
                return [(normal, st)]
            st = st.copy()
            inst = st.next
            st.next += 1
            if a["form"] == "bind":
                st = self.declare(st, ("v", a["var"]))
            else:
                old = st.vals.get(a["var"])
                if old is not None and st.insts[old][1] == LIVE:
                    if ctx.record:
                        self.fact(s.nid).overwrite = True
                    st.insts[old] = (st.insts[old][0], LOST)
            st.insts[inst] = (s.nid, LIVE)
            st.vals[a["var"]] = inst
            st.prune()
            return [(normal, st)]
        if k == "release":
            assert not a.get("helper") or call_effect(a["helper"]) == "release"
            return [(normal, self.release_inst(st, st.vals.get(a["var"]), s.nid, ctx))]
        if k == "release_if":
            inst = st.vals.get(a["var"])
            return [(normal, self.release_inst(st, inst, s.nid, ctx)),
                    (normal, self.release_inst(st, inst, None, ctx, recorded=False))]
        if k == "empty_return":
            inst = st.vals.get(a["var"])
            return [(("return",), self.release_inst(st, inst, None, ctx, recorded=False)),
                    (normal, st)]
        if k == "read":
            return [(normal, st)]
        if k == "transfer":
            # keep, stop_when [8.1] and an untested keep_if [8.2] alike.
            assert a["how"] not in ("helper", "some", "keep_if") or call_effect(
                {"helper": "keep", "some": "stop_when", "keep_if": "keep_if"}[
                    a["how"]]) == "transfer"
            return [(normal, self.transfer_inst(st, st.vals.get(a["var"]), s.nid, ctx))]
        if k == "guard":
            if a["byref"]:
                # A guard counts as a release on every path after it [§2]
                # (for §7.2, of the handle the variable holds now); it
                # releases what the variable holds when it runs.
                inst = st.vals.get(a["var"])
                if inst is not None and ctx.record:
                    self.fact(st.insts[inst][0]).releases.add(s.nid)
                return [(normal, self.declare(st, ("g", a["var"], s.nid, a["gid"])))]
            return [(normal, self.release_inst(st, st.vals.get(a["var"]), s.nid, ctx))]
        if k == "dismiss":
            return [(normal, self.dismiss(st, a["gid"]))]
        if k == "lambda_def":
            st = self.declare(st, ("l", a["lid"]))
            st.lams[a["lid"]] = ("ref", a["var"]) if a["byref"] else \
                ("val", st.vals.get(a["var"]))
            return [(normal, st)]
        if k == "lambda_use":
            cap = st.lams.get(a["lid"])
            if cap is None:
                return [(normal, st)]
            inst = st.vals.get(cap[1]) if cap[0] == "ref" else cap[1]
            if a["how"] == "call":
                return [(normal, self.release_inst(st, inst, s.nid, ctx))]
            return [(normal, self.transfer_inst(st, inst, s.nid, ctx))]
        if k == "thread":
            inst = st.vals.get(a["var"])
            how = a["how"]
            if how in ("join_fn", "jthread"):
                return [(normal, self.transfer_inst(st, inst, s.nid, ctx))]
            if inst is not None and ctx.record:
                site = st.insts[inst][0]
                if how == "detach_ref":
                    self.fact(site).dangling = True
                else:
                    self.fact(site).escape = True
            return [(normal, st)]
        if k == "write":
            st = st.copy()
            st.env = {"value": 3} if a["how"] == "const" else {}
            return [(normal, st)]
        if k == "if" and a.get("keep"):
            # The helper inlined: its paths by result [SPEC 8.2]; the
            # caller's test decides which edge each result takes.
            keep = a["keep"]
            eff = call_effect("keep_if", tested=True)
            # So is a keep_if of a variable a by-reference guard holds: the
            # analysis counts it as a transfer [docs: Conditional transfer].
            guarded = any(e[0] == "g" and e[1] == keep["var"]
                          for frame in st.frames for e in frame)
            if keep["var"] in self.shared_keeps or guarded:
                eff = {0: "transfer", -1: "transfer"}
            inst = st.vals.get(keep["var"])
            res = []
            for result, e in sorted(eff.items()):
                y = self.transfer_inst(st, inst, s.nid, ctx) if e == "transfer" else st
                taken = (result == 0) if keep["form"] == "eq0" else (result != 0)
                kid = s.kids[0] if taken else s.kids[1] if len(s.kids) > 1 else []
                res += self.run_block(kid, y, ctx)
            return self.dedupe(res)
        if k == "if":
            res = []
            for value, y in self.branch(s, st, ctx):
                kid = s.kids[0] if value else s.kids[1] if len(s.kids) > 1 else []
                res += self.run_block(kid, y, ctx)
            return self.dedupe(res)
        if k == "switch":
            return self.run_switch(s, st, ctx)
        if k == "loop":
            return self.run_loop(s, st, ctx)
        if k == "try":
            return self.run_try(s, st, ctx)
        if k == "block":
            return self.run_block(s.kids[0], st, ctx)
        if k == "scope":
            return [(normal, st)]
        if k == "return":
            return [(("return",), st)]
        if k == "break":
            return [(("break",), st)]
        if k == "continue":
            return [(("continue",), st)]
        if k == "goto":
            return [(("goto",), st)]
        if k == "throw":
            return [(("throw", a["typ"]), st)]
        if k == "fatal":
            return [(("dead",), st)]
        raise AssertionError(k)

    def run_switch(self, s, st, ctx):
        res = []
        cases = s.kids
        falls = s.a["falls"]
        for start, entry in self.switch_entries(s, st, ctx):
            if start is None:
                # No case matches (there is always an implicit or explicit
                # default that does nothing).
                res.append((("normal",), entry))
                continue
            cur = [entry]
            i = start
            while cur and i < len(cases):
                nxt = []
                for x in cur:
                    for o, y in self.run_block(cases[i], x, ctx):
                        if o == ("normal",):
                            nxt.append(y)
                        elif o == ("break",):
                            res.append((("normal",), y))
                        else:
                            res.append((o, y))
                if falls[i] and i + 1 < len(cases):
                    cur = nxt
                    i += 1
                else:
                    res.extend((("normal",), y) for y in nxt)
                    cur = []
        return self.dedupe(res)

    def run_loop(self, s, st, ctx):
        form = s.a["form"]
        body = s.kids[0]
        res = []
        seen = {}
        heads = self.loop_heads([st], seen)

        def again(states):
            # The condition `p(n)` or `p(n) && test` is false on every
            # state (p(n) returns false), true where the test may hold.
            return [y for x in states for v, y in self.branch(s, x, ctx) if v]

        if form == "do":
            # The body runs first; then the condition decides.
            for it in range(self.unroll + 1):
                nxt = self.iterate(body, heads, ctx, res)
                res.extend((("normal",), y) for y in nxt)
                if ctx.in_try:
                    res.extend((("cthrow",), y) for y in nxt)
                heads = self.loop_heads(again(nxt), seen)
                if not heads:
                    break
            return self.dedupe(res)
        for it in range(self.unroll + 1):
            if form != "forever":
                res.extend((("normal",), h) for h in heads)
                if ctx.in_try and it > 0:
                    res.extend((("cthrow",), h) for h in heads)
            runs = again(heads) if form == "while" else heads
            nxt = self.iterate(body, runs, ctx, res) if it < self.unroll else []
            if it == self.unroll and heads and form == "forever" and \
                    not any(o == ("normal",) for o, _ in res):
                # A loop without a condition and without a way out but
                # return or throw: the path that keeps looping never ends.
                self.mark_cut(ctx)
            heads = self.loop_heads(nxt, seen)
            if not heads:
                break
        return self.dedupe(res)

    def iterate(self, body, heads, ctx, res):
        """Runs one iteration of a loop body from each head state. Adds the
        outcomes that leave the loop to `res`; returns the states that go on
        to the next test of the condition."""
        nxt = []
        for h in heads:
            for o, y in self.run_block(body, h, ctx):
                if o in (("normal",), ("continue",)):
                    nxt.append(y)
                elif o == ("break",):
                    res.append((("normal",), y))
                else:
                    res.append((o, y))
        return [y for _, y in self.dedupe([(("normal",), y) for y in nxt])]

    def mark_cut(self, ctx):
        if ctx.cut_box is not None:
            ctx.cut_box[0] = True

    def run_try(self, s, st, ctx):
        body_ctx = ctx.with_(in_try=True)
        handler_ctx = ctx.with_()
        res = []
        for o, y in self.run_block(s.kids[0], st, body_ctx):
            if o == ("cthrow",):
                continue  # its leaks are recorded; ithrow carries the state
            if o == ("ithrow",):
                for handler in s.kids[1:]:
                    res.extend(self.run_block(handler, y, handler_ctx))
            elif o[0] == "throw":
                for typ, handler in zip(s.a["catches"], s.kids[1:]):
                    if catches(o[1], typ):
                        res.extend(self.run_block(handler, y, handler_ctx))
                        break
                else:
                    res.append((o, y))
            else:
                res.append((o, y))
        return self.dedupe(res)

    def run_function(self, body, tail, ctx):
        """Runs a function (or lambda scope) body; records leaks at its end."""
        st = self.push(State())
        ends = []
        for o, y in self.run_list(body, st, ctx):
            if tail is not None and o in (("normal",), ("goto",)):
                ends.extend(self.run_list(tail, y, ctx))
            else:
                ends.append((o, y))
        for o, y in ends:
            if o != ("dead",):
                self.pop(y, ctx)

    # -- structure --------------------------------------------------------
    def index(self, stmts, branches, tries_above, scope_nid):
        """Records, for each statement, the branches that enclose it."""
        for s in stmts:
            self.parents[s.nid] = (branches, scope_nid)
            if s.kind == "create":
                self.sites[s.nid] = (s, scope_nid)
            if s.kind == "lambda_def":
                self.lam_vars[s.a["lid"]] = s.a["var"]
            if s.kind == "if":
                for i, kid in enumerate(s.kids):
                    self.index(kid, branches + [("if", kid, tries_above)],
                               tries_above, scope_nid)
            elif s.kind == "switch":
                for kid in s.kids:
                    self.index(kid, branches + [("case", kid, tries_above)],
                               tries_above, scope_nid)
            elif s.kind == "try":
                self.index(s.kids[0], branches, tries_above + [s], scope_nid)
                for kid in s.kids[1:]:
                    self.index(kid, branches + [("catch", kid, tries_above)],
                               tries_above, scope_nid)
            elif s.kind in ("loop", "block"):
                self.index(s.kids[0], branches, tries_above, scope_nid)
            elif s.kind == "scope":
                self.index(s.kids[0], [], [], s.nid)

    def always_leaves(self, stmts, tries_above):
        """Does every path through `stmts` leave the function?"""
        ctx = Ctx(in_try=False, record=False)
        ctx.cut_box = [False]
        ctx.probe = True
        results = self.run_block(stmts, self.push(State()), ctx)
        if ctx.cut_box[0]:
            return False
        for o, _ in results:
            if o in (("return",), ("dead",)):
                continue
            if o[0] == "throw":
                caught = any(catches(o[1], typ)
                             for t in tries_above for typ in t.a["catches"])
                if not caught:
                    continue
            return False
        return True

    def in_early_exit_branch(self, nid, site):
        """Is statement `nid` in an early-exit branch [§7.2] that does not
        hold the creation `site` [§7.16]?"""
        branches, _ = self.parents[nid]
        holding = set(id(b[1]) for b in self.parents[site][0])
        for _, stmts, tries_above in branches:
            if id(stmts) in holding:
                continue
            key = id(stmts)
            if key not in self.leaves_cache:
                self.leaves_cache[key] = self.always_leaves(stmts, tries_above)
            if self.leaves_cache[key]:
                return True
        return False

    def mentions(self, fn):
        """var -> number of mentions outside creation targets and declarations."""
        count = {}

        def walk(stmts):
            for s in stmts:
                if s.kind in ("release", "release_if", "empty_return", "read",
                              "transfer", "guard", "thread", "lambda_def"):
                    count[s.a["var"]] = count.get(s.a["var"], 0) + 1
                if s.a.get("keep"):
                    v = s.a["keep"]["var"]
                    count[v] = count.get(v, 0) + 1
                for kid in s.kids:
                    walk(kid)

        for kid in fn.kids:
            walk(kid)
        return count

    def findings(self, fn):
        """The expected findings of one function: a set of (check, line)."""
        self.leaves_cache = {}
        self.subject = fn.a["subject"]
        # The variables some creation targets: the analysis knows a call of
        # any other variable only as a call that may throw.
        self.created = {n.a["var"] for kid in fn.kids for n in walk_all(kid)
                        if n.kind == "create" and n.a.get("var")}
        # A variable passed to keep_if at two or more call sites: each call
        # is a plain transfer [SPEC 8.2; docs/release-transfer-escape.md,
        # "Conditional transfer"].
        keeps = collections.Counter(
            (n.a["keep"]["var"] if n.kind == "if" else n.a["var"])
            for kid in fn.kids for n in walk_all(kid)
            if (n.kind == "if" and n.a.get("keep")) or
            (n.kind == "transfer" and n.a.get("how") == "keep_if"))
        self.shared_keeps = {v for v, n in keeps.items() if n > 1}
        self.index(fn.kids[0], [], [], fn.nid)
        if len(fn.kids) > 1:
            self.index(fn.kids[1], [], [], fn.nid)
        ctx = Ctx()
        self.run_function(fn.kids[0], fn.kids[1] if len(fn.kids) > 1 else None, ctx)
        scopes = []

        def find_scopes(stmts):
            for s in stmts:
                if s.kind == "scope":
                    scopes.append(s)
                for kid in s.kids:
                    find_scopes(kid)

        for kid in fn.kids:
            find_scopes(kid)
        for sc in scopes:
            self.run_function(sc.kids[0], None, Ctx())

        mentioned = self.mentions(fn)
        out = set()
        for nid, (node, _) in self.sites.items():
            line = node.line
            if node.a["form"] in ("unused", "first") or not mentioned.get(node.a["var"]):
                out.add(("lostcancel-discarded", line))
                continue
            f = self.facts.get(nid, Facts())
            if f.dangling or (f.escape and f.leak):
                out.add(("lostcancel-detached", line))
            elif f.overwrite:
                out.add(("lostcancel-overwritten", line))
            elif f.leak:
                if f.releases and all(self.in_early_exit_branch(r, nid)
                                      for r in f.releases | f.transfers):
                    out.add(("lostcancel-error-path-only", line))
                else:
                    out.add(("lostcancel-unreleased", line))
        # SPEC 9: a root made where `parent` is in scope, and the threads.
        for nid, in_scope in root_in_scope(fn).items():
            if in_scope:
                out.add(("lostcancel-unbound-parent", self.sites[nid][0].line))
        for sp in fn.a.get("spins", []):
            out |= spin_findings(sp)
        return out


def oracle_findings(fn, unroll):
    return Oracle(unroll).findings(fn)


def merge_agrees(fn, unroll):
    """Is fn in the subset where the path oracle and the analysis's joins
    of equal handle states must agree (the docstring says why some
    programs are not)?"""
    if fn.a["subject"] is None:
        return True
    render_batch([fn])  # findings name their lines
    return oracle_findings(fn, unroll) == Oracle(unroll, merge=True).findings(fn)


# ---------------------------------------------------------------------------
# Running the plugin.

WARN_RE = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): (.*?)(?: \[([\w.-]+)\])?$")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_lostcancel import CRASH_MARKERS  # noqa: E402  (one list for all)


class Tool:
    def __init__(self, args):
        self.cmd = shlex.split(args.clang_tidy_cmd)
        self.plugin = args.plugin
        self.include = args.include
        self.workdir = args.workdir
        self.cxx = args.clangxx
        self.config = args.tidy_config

    def diagnose(self, source, tag, fixes=False):
        """Runs the check on `source`: (findings, compiler errors, path of
        the exported fix-its or None)."""
        path = os.path.join(self.workdir, "fuzz-%s.cpp" % tag)
        with open(path, "w") as f:
            f.write(source)
        cmd = self.cmd + ["--load=" + self.plugin, "--checks=-*,lostcancel-*",
                          "--quiet"]
        if self.config:
            cmd.append("--config=" + self.config)
        fixes_path = None
        if fixes:
            fixes_path = os.path.join(self.workdir, "fuzz-%s.yaml" % tag)
            if os.path.exists(fixes_path):
                os.unlink(fixes_path)
            cmd.append("--export-fixes=" + fixes_path)
        cmd += [path, "--", "-std=c++20", "-I" + self.include]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=600)
        out = proc.stdout
        if any(m in out for m in CRASH_MARKERS):
            raise RuntimeError("clang-tidy crashed on %s:\n%s" % (path, out))
        found, errors = set(), []
        for line in out.splitlines():
            m = WARN_RE.match(line)
            if not m or os.path.basename(m.group(1)) != os.path.basename(path):
                continue
            if m.group(4) == "error":
                errors.append((int(m.group(2)), line))
            elif m.group(6) and m.group(6).startswith("lostcancel-"):
                found.add((m.group(6), int(m.group(2))))
        return found, errors, fixes_path

    def run(self, source, tag, fixes=False):
        found, errors, fixes_path = self.diagnose(source, tag, fixes)
        if errors:
            raise RuntimeError("generated code does not compile (%s):\n%s"
                               % (tag, "\n".join(l for _, l in errors[:10])))
        return (found, fixes_path) if fixes else found

    def compile_errors(self, source, tag):
        """`clang++ -fsyntax-only` with the same flags: (line, message) of
        each error in the file."""
        path = os.path.join(self.workdir, "fuzz-%s.cpp" % tag)
        with open(path, "w") as f:
            f.write(source)
        proc = subprocess.run([self.cxx, "-fsyntax-only", "-std=c++20",
                               "-I" + self.include, path],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=600)
        errors = []
        for line in proc.stdout.splitlines():
            m = WARN_RE.match(line)
            if m and m.group(4) == "error" and \
                    os.path.basename(m.group(1)) == os.path.basename(path):
                errors.append((int(m.group(2)), line))
        if proc.returncode != 0 and not errors:
            raise RuntimeError("%s failed on %s:\n%s" % (self.cxx, path, proc.stdout))
        return errors


def render_batch(fns):
    r = Renderer()
    for fn in fns:
        r.function(fn)
    return "\n".join(r.lines) + "\n"


def split(findings, fns):
    """Assigns findings (check, line) to the rendered functions."""
    starts = sorted((fn.line, i) for i, fn in enumerate(fns))
    per = [set() for _ in fns]
    for check, line in findings:
        owner = None
        for start, i in starts:
            if start <= line:
                owner = i
        if owner is not None:
            per[owner].add((check, line))
    return per


def relative(findings, fn):
    return sorted((c, l - fn.line) for c, l in findings)


def generate(seed, unroll, dismiss=False):
    """The program of a seed. Programs on which the analysis's joins
    legitimately lose a fact the oracle keeps are generated again; the
    returned function counts them in a["lossy"]."""
    rng = random.Random(seed)
    hrng = random.Random("helpers-%d" % seed)
    lossy = 0
    while True:
        fn = Gen(rng, "f%d" % seed, dismiss, hrng).function()
        try:
            validate(fn)
        except Invalid:
            continue
        number(fn)
        if not merge_agrees(fn, unroll):
            lossy += 1
            continue
        fn.a["lossy"] = lossy
        return fn


# ---------------------------------------------------------------------------
# Shrinking.


def size(fn):
    return sum(1 for kid in fn.kids for _ in walk_all(kid))


def walk_all(stmts):
    for s in stmts:
        yield s
        for kid in s.kids:
            yield from walk_all(kid)


def lists_of(fn):
    """Every statement list in the function (kids lists), outermost first."""
    out = []

    def walk(stmts):
        out.append(stmts)
        for s in stmts:
            for kid in s.kids:
                walk(kid)

    for kid in fn.kids:
        walk(kid)
    return out


def reductions(fn, unroll):
    """One-step simplifications of fn, smallest first, that stay where the
    oracle and the analysis must agree."""
    cands = []
    n_lists = len(lists_of(fn))
    for li in range(n_lists):
        lst = lists_of(fn)[li]
        for si in range(len(lst)):
            s = lst[si]
            # Drop the statement.
            c = copy.deepcopy(fn)
            del lists_of(c)[li][si]
            cands.append(c)
            # Replace a compound statement by one of its statement lists.
            for ki in range(len(s.kids)):
                c = copy.deepcopy(fn)
                target = lists_of(c)[li]
                inner = target[si].kids[ki]
                if s.kind == "scope":
                    continue
                target[si] = Node("block", [inner])
                cands.append(c)
            # Drop an else branch or a handler.
            if s.kind == "if" and len(s.kids) > 1:
                c = copy.deepcopy(fn)
                lists_of(c)[li][si].kids.pop()
                cands.append(c)
            if s.kind == "try" and len(s.kids) > 2:
                for hi in range(1, len(s.kids)):
                    c = copy.deepcopy(fn)
                    t = lists_of(c)[li][si]
                    t.kids.pop(hi)
                    t.a = dict(t.a, catches=[x for j, x in enumerate(t.a["catches"])
                                             if j != hi - 1])
                    cands.append(c)
            if s.kind == "switch" and len(s.kids) > 1:
                for ci in range(len(s.kids)):
                    c = copy.deepcopy(fn)
                    t = lists_of(c)[li][si]
                    t.kids.pop(ci)
                    falls = [x for j, x in enumerate(t.a["falls"]) if j != ci]
                    falls[-1] = False
                    t.a = dict(t.a, falls=falls)
                    cands.append(c)
    if fn.a["goto"] and not any(contains(s, "goto") for kid in fn.kids for s in kid):
        c = copy.deepcopy(fn)
        c.a = dict(c.a, goto=False)
        if len(c.kids) > 1:
            c.kids[0] = c.kids[0] + c.kids[1]
            c.kids.pop()
        cands.append(c)
    valid = []
    for c in cands:
        try:
            validate(c)
        except Invalid:
            continue
        number(c)
        if merge_agrees(c, unroll):
            valid.append(c)
    valid.sort(key=size)
    return valid


def compare(tool, fns, unroll, tag):
    """Runs fns through the plugin and the oracle: (fn, expected, actual)
    for each."""
    found = split(tool.run(render_batch(fns), tag), fns)
    return [(fn, oracle_findings(fn, unroll), got) for fn, got in zip(fns, found)]


def disagree(tool, fns, unroll, tag):
    """The (fn, expected, actual) of the functions where the two differ."""
    return [r for r in compare(tool, fns, unroll, tag) if r[1] != r[2]]


def shrink(tool, fn, unroll, tag, limit=60):
    """Greedy: keep the smallest one-step reduction that still disagrees."""
    rounds = 0
    while rounds < limit:
        rounds += 1
        cands = reductions(fn, unroll)[:150]
        if not cands:
            break
        for i, c in enumerate(cands):
            c.a = dict(c.a, name="r%d" % i)
        bad = disagree(tool, cands, unroll, tag + "-shrink")
        if not bad:
            break
        fn = min(bad, key=lambda t: size(t[0]))[0]
    return fn


def report(tool, fn, unroll, tag):
    fn.a = dict(fn.a, name="repro")
    source = render_batch([fn])
    want = oracle_findings(fn, unroll)
    got = tool.run(source, tag + "-repro")
    body = source[len(PRELUDE):]
    lines = body.splitlines()
    offset = len(PRELUDE.splitlines())
    numbered = "\n".join("%4d  %s" % (i + 1 + offset, l) for i, l in enumerate(lines))
    return ("--- minimized reproducer (with the prelude of lcfuzz.py) ---\n%s\n"
            "oracle expects: %s\nplugin reports: %s\n"
            % (numbered, sorted(want), sorted(got)))


# ---------------------------------------------------------------------------
# The fix-it property.
#
# For each `unreleased` or `error-path-only` finding with a fix-it: the
# fix-it (alone) is applied to its function; the fixed function must be
# mapped back onto the generated program (strictly: a text the mapping does
# not know is a failure), compile, be reported clean for that site by a
# second run of the check (the other findings staying as they were), and,
# run through the oracle, release the site's handles on every path (and
# never twice, were the release not idempotent).

FIXABLE = ("lostcancel-unreleased", "lostcancel-error-path-only")
# Calling a Go-style cancel function twice is harmless, so a release twice
# on a path is counted, not failed.
IDEMPOTENT_RELEASE = True

_LAMBDA = r"(?:\[&\] \{ (?P<h1>\w+)\(\); \}|\[&handle = (?P<h2>\w+)\] \{ handle\(\); \})"
# The guards the plugin writes (docs/fixits.md), as single lines.
GUARD_RES = [re.compile(r) for r in (
    r"^absl::Cleanup \w+ = %s;$" % _LAMBDA,
    r"^auto \w+ = (?:gsl::finally|folly::makeGuard)\(%s\);$" % _LAMBDA,
    r"^(?:std::experimental|boost::scope)::scope_exit \w+\(%s\);$" % _LAMBDA,
    r"^struct (?P<n>\w+)_type \{ decltype\((?P<h3>\w+)\) &handle; "
    r"~(?P=n)_type\(\) \{ handle\(\); \} \} (?P=n)\{(?P=h3)\};$",
)]
RELEASE_RE = re.compile(r"^(\w+)\(\);$")


class Unmappable(Exception):
    pass


def guard_handle(text):
    """The handle a guard line releases, or None when it is no guard."""
    for r in GUARD_RES:
        m = r.match(text)
        if m:
            return next(v for k, v in m.groupdict().items() if k != "n" and v)
    return None


def line_starts(text):
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def line_of(starts, offset):
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def read_fixes(path, source):
    """The fix-its clang-tidy exported for the fixable checks: (line of the
    finding, [(file, offset, length, text)]) each."""
    import yaml  # only the fix-it property needs it
    if not path or not os.path.exists(path):
        return []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path) as f:
        data = yaml.load(f, Loader=loader) or {}
    starts = line_starts(source)
    # clang-tidy's offsets count bytes; the source is text.
    encoded = source.encode()

    def chars(offset):
        return len(encoded[:offset].decode(errors="ignore"))

    out = []
    for d in data.get("Diagnostics") or []:
        msg = d.get("DiagnosticMessage") or {}
        reps = msg.get("Replacements") or []
        if d.get("DiagnosticName") in FIXABLE and reps:
            out.append((line_of(starts, chars(msg["FileOffset"])),
                        [(r["FilePath"], chars(r["Offset"]),
                          chars(r["Offset"] + r["Length"]) - chars(r["Offset"]),
                          r["ReplacementText"])
                         for r in reps]))
    return out


class FixCase:
    """One fix-it of one finding, through the four steps."""

    def __init__(self, fn, check, line, reps):
        self.fn, self.check, self.line, self.reps = fn, check, line, reps
        self.failures = []
        self.site = None
        self.tree = None       # the fixed program, in the oracle's terms
        self.old = self.new = None  # the function's lines before / after
        self.line_map = {}     # old line index -> new line index
        self.text = None       # the fixed function as re-checked
        self.start = None      # its first line in the re-check file
        self.steps = collections.Counter()

    def fail(self, step, why):
        self.failures.append("%s: %s" % (step, why))


def locate(stmts_lists, node):
    for lst in stmts_lists:
        for i, s in enumerate(lst):
            if s is node:
                return lst, i
    raise Unmappable("statement not found")


class FixMapper:
    """Maps the text a fix-it changed back onto a copy of the program."""

    def __init__(self, case):
        self.case = case
        self.tree = copy.deepcopy(case.fn)
        self.nodes = list(n for kid in self.tree.kids for n in walk_all(kid))
        self.by_line = {n.line: n for n in self.nodes}
        self.site = next(n for n in self.nodes if n.nid == case.site.nid)
        self.handle = "cancel%d" % self.site.a["var"]
        self.next_nid = max([self.tree.nid] + [n.nid for n in self.nodes]) + 1
        self.edits = []  # (anchor node or list, "after" / "before" / "end", nodes)

    def node(self, kind, **attrs):
        n = Node(kind, **attrs)
        n.nid = self.next_nid
        self.next_nid += 1
        return n

    def releases(self, texts):
        """Release statements of the site's handle, or Unmappable."""
        out = []
        for t in texts:
            m = RELEASE_RE.match(t)
            if not m or m.group(1) != self.handle:
                raise Unmappable("not a release of %s: %r" % (self.handle, t))
            out.append(self.node("release", var=self.site.a["var"]))
        return out

    def end_list(self, line):
        """The statement list whose end is at `line` (the function's final
        `return 0;`, or a lambda scope's `};`), or None."""
        if line == self.tree.end_line:
            if self.tree.a["goto"]:
                if len(self.tree.kids) < 2:
                    self.tree.kids.append([])
                return self.tree.kids[1]
            return self.tree.kids[0]
        for n in self.nodes:
            if n.kind == "scope" and getattr(n, "end_line", None) == line:
                return n.kids[0]
        return None

    def before(self, line, nodes):
        """Puts `nodes` before the return on `line` (or at the end of the
        list that ends there)."""
        target = self.by_line.get(line)
        if target is not None and target.kind == "return":
            self.edits.append((target, "before", nodes))
            return
        lst = self.end_list(line)
        if lst is None:
            raise Unmappable("a release before line %d, which is no return" % line)
        self.edits.append((lst, "end", nodes))

    def insertion(self, prev_line, texts):
        if texts and all(guard_handle(t) for t in texts):
            if self.by_line.get(prev_line) is not self.site:
                raise Unmappable("a guard not right after the creation")
            for t in texts:
                if guard_handle(t) != self.handle:
                    raise Unmappable("a guard of %s, not %s" % (guard_handle(t), self.handle))
            self.edits.append((self.site, "after", [
                self.node("guard", var=self.site.a["var"], gid=self.next_nid,
                          byref=True, form="fix", text=t) for t in texts]))
            return
        self.before(prev_line + 1, self.releases(texts))

    def replacement(self, line, old, texts):
        """A return rewritten as `{ cancel(); return ...; }`."""
        joined = " ".join(texts)
        if joined.startswith("{") and joined.endswith("}"):
            joined = joined[1:-1].strip()
        if not joined.endswith(old) or self.by_line.get(line) is None or \
                self.by_line[line].kind != "return":
            raise Unmappable("line %d rewritten as %r" % (line, " ".join(texts)))
        rels = [r.strip() + ";" for r in joined[:-len(old)].split(";") if r.strip()]
        self.before(line, self.releases(rels))

    def run(self):
        case = self.case
        base = case.fn.line
        sm = difflib.SequenceMatcher(None, case.old, case.new, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            texts = [t.strip() for t in case.new[j1:j2]]
            if op == "equal":
                for k in range(i2 - i1):
                    case.line_map[i1 + k] = j1 + k
            elif op == "insert":
                self.insertion(base + i1 - 1, texts)
            elif op == "replace" and i2 - i1 == 1:
                self.replacement(base + i1, case.old[i1].strip(), texts)
            else:
                raise Unmappable("%s of lines %d-%d" % (op, base + i1, base + i2 - 1))
        if not self.edits:
            raise Unmappable("no change")
        lists = lists_of(self.tree)
        for anchor, where, nodes in self.edits:
            if where == "end":
                anchor.extend(nodes)
                continue
            lst, i = locate(lists, anchor)
            lst[i + (where == "after"):i + (where == "after")] = nodes
        return self.tree


def prepare_fix(case, source, starts, end_offset, name):
    """Applies the case's fix-it to its function alone and maps it."""
    fn = case.fn
    lo = starts[fn.line - 1]
    region = source[lo:end_offset]
    for path, off, length, text in sorted(case.reps, key=lambda r: -r[1]):
        if off < lo or off + length > end_offset:
            raise Unmappable("a replacement outside the function (%s:%d)" % (path, off))
        region = region[:off - lo] + text + region[off - lo + length:]
    case.old = source[lo:end_offset].splitlines()
    case.new = region.splitlines()
    case.tree = FixMapper(case).run()
    header = "int %s(" % fn.a["name"]
    if not case.new or not case.new[0].startswith(header):
        raise Unmappable("the function's first line changed")
    case.name = name
    case.new[0] = case.new[0].replace(header, "int %s(" % name, 1)
    case.steps["mapped"] += 1


def oracle_of_fix(case, unroll):
    """Step 4: the oracle's paths of the fixed program."""
    o = Oracle(unroll)
    case.oracle_fixed = o.findings(case.tree)
    case.oracle_orig = oracle_findings(case.fn, unroll)
    f = o.facts.get(case.site.nid, Facts())
    if f.leak:
        case.fail("oracle", "a path of the fixed program still leaks the handle")
    elif f.double and not IDEMPOTENT_RELEASE:
        case.fail("oracle", "a path releases the handle twice")
    else:
        case.steps["release"] += 1
    case.steps["double"] += f.double


def recheck_expected(case, before):
    """The findings the fixed function must have, on their new lines: none
    for the fixed site; for the other sites those it had, except where the
    oracle's verdict on the fixed program differs from that on the original
    (a guard on a variable also releases a handle a later creation puts
    there), which then holds."""
    def at(findings, line):
        return {c for c, l in findings if l == line}

    lines = {l for _, l in before} | {l for _, l in case.oracle_orig} | \
        {l for _, l in case.oracle_fixed}
    out = set()
    for line in lines:
        checks = at(before, line)
        if at(case.oracle_orig, line) != at(case.oracle_fixed, line):
            checks = at(case.oracle_fixed, line)
        if line == case.line:
            # The fixed site's verdict goes; a root among its arguments
            # (SPEC 9) is a finding of its own and stays.
            checks = checks & {"lostcancel-unbound-parent"}
        idx = case.line_map.get(line - case.fn.line)
        if checks and idx is None:
            return None
        out.update((c, idx) for c in checks)
    return out


def recheck(tool, cases, tag, break_fix):
    """Steps 2 and 3 for mapped cases, all in one file (the headers are
    what takes the time)."""
    lines = PRELUDE.splitlines()
    for c in cases:
        if break_fix:
            # --break-fix: the inserted text deleted again, so the property
            # must fail.
            c.new, c.line_map = list(c.old), {i: i for i in range(len(c.old))}
            c.new[0] = c.new[0].replace("int %s(" % c.fn.a["name"],
                                        "int %s(" % c.name, 1)
        c.start = len(lines) + 1
        lines.extend(c.new)
    source = "\n".join(lines) + "\n"

    def owner(line):
        return next((c for c in reversed(cases) if c.start <= line), None)

    bad = set()
    for line, msg in tool.compile_errors(source, tag):
        c = owner(line)
        if c is not None and id(c) not in bad:
            bad.add(id(c))
            c.fail("compile", msg)
    found, _, _ = tool.diagnose(source, tag)
    got = collections.defaultdict(set)
    for check, line in found:
        c = owner(line)
        if c is not None:
            got[id(c)].add((check, line - c.start))
    for c in cases:
        if id(c) in bad:
            continue
        c.steps["compile"] += 1
        want = recheck_expected(c, c.before)
        if want is None or got[id(c)] != want:
            c.fail("re-check", "expected %s, got %s" % (
                sorted(want or ()), sorted(got[id(c)])))
        else:
            c.steps["clean"] += 1


def check_fixes(tool, fns, source, per, fixes_path, unroll, tag, break_fix=False):
    """The fix-it property over one batch: its FixCases."""
    cases = map_fixes(fns, source, per, fixes_path, unroll)
    mapped = [c for c in cases if c.steps["mapped"]]
    if mapped:
        recheck(tool, mapped, tag + "-fix", break_fix)
    return cases


def map_fixes(fns, source, per, fixes_path, unroll):
    """Steps 1 and 4 of the fix-it property over one batch: its FixCases,
    mapped and run through the oracle, or failed."""
    starts = line_starts(source)
    order = sorted(fns, key=lambda f: f.line)
    ends = {id(f): (starts[g.line - 1] if g is not None else len(source))
            for f, g in zip(order, order[1:] + [None])}
    before = {id(fn): got for fn, got in zip(fns, per)}
    cases = []
    for line, reps in read_fixes(fixes_path, source):
        fn = None
        for f in order:
            if f.line <= line:
                fn = f
        check = next((c for c, l in before.get(id(fn), ()) if l == line), None)
        case = FixCase(fn, check, line, reps)
        case.before = before.get(id(fn), set())
        cases.append(case)
        try:
            if fn is None:
                raise Unmappable("no function at line %d" % line)
            case.site = next((n for kid in fn.kids for n in walk_all(kid)
                              if n.line == line and n.kind == "create"), None)
            if case.site is None:
                raise Unmappable("no creation at line %d" % line)
            prepare_fix(case, source, starts, ends[id(fn)],
                        "%s_fix%d" % (fn.a["name"], len(cases)))
        except Unmappable as e:
            case.fail("mapping", str(e))
    for c in cases:
        if c.steps["mapped"]:
            try:
                oracle_of_fix(c, unroll)
            except Exception as e:  # a mapped program the oracle cannot run
                c.fail("oracle", "%s: %s" % (type(e).__name__, e))
    return cases


def fix_failures(tool, fns, unroll, tag, break_fix):
    """The failed FixCases of fns, run as one batch."""
    source = render_batch(fns)
    found, fixes_path = tool.run(source, tag, fixes=True)
    cases = check_fixes(tool, fns, source, split(found, fns), fixes_path, unroll,
                        tag, break_fix)
    return [c for c in cases if c.failures]


def shrink_fix(tool, case, unroll, tag, break_fix, limit=20):
    """Greedy, as shrink(): the smallest one-step reduction whose fix-its
    still fail; returns a failed FixCase of the smallest program."""
    fn = copy.deepcopy(case.fn)
    fn.a = dict(fn.a, name="repro")
    for _ in range(limit):
        cands = reductions(fn, unroll)[:80]
        for i, c in enumerate(cands):
            c.a = dict(c.a, name="r%d" % i)
        bad = fix_failures(tool, cands, unroll, tag, break_fix) if cands else []
        if not bad:
            break
        fn = min((c.fn for c in bad), key=size)
        fn.a = dict(fn.a, name="repro")
    return (fix_failures(tool, [fn], unroll, tag, break_fix) or [case])[0]


def fix_report(case, seed):
    """A failed case, like a mismatch: seed, the finding, the fixed function."""
    fn = case.fn
    out = ["lcfuzz: FIX-IT FAILURE seed %s: %s at +%d: %s"
           % (seed, case.check, case.line - (fn.line if fn else 0),
              "; ".join(case.failures))]
    if case.old is not None:
        out.append("--- the function (its lines from the function's first) ---")
        out.extend("%4d  %s" % (i, l) for i, l in enumerate(case.old))
    text = case.new if case.new is not None else []
    out.append("--- the fixed function (its lines from the function's first) ---")
    out.extend("%4d  %s" % (i, l) for i, l in enumerate(text))
    return "\n".join(out)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clang-tidy-cmd", required=True,
                    help="clang-tidy command (may start with env VAR=...)")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--include", required=True, help="directory of gocontext.h/guards.h")
    ap.add_argument("--seeds", default="0:300", help="FIRST:END (END exclusive)")
    ap.add_argument("--long", action="store_true", help="run 20000 seeds from FIRST")
    ap.add_argument("--batch", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--unroll", type=int, default=3)
    ap.add_argument("--workdir")
    ap.add_argument("--print", type=int, metavar="SEED",
                    help="print the program of SEED and the oracle's findings")
    ap.add_argument("--max-failures", type=int, default=3,
                    help="how many disagreements to shrink and print")
    ap.add_argument("--no-shrink", action="store_true",
                    help="print disagreements as found, without shrinking")
    ap.add_argument("--clangxx", help="the compiler that checks fixed code "
                    "(default: clang++ next to clang-tidy, else clang++-19)")
    ap.add_argument("--tidy-config", help="clang-tidy --config (YAML), e.g. to "
                    "show that a fix-it the mapping does not know fails")
    ap.add_argument("--no-fixes", action="store_true",
                    help="skip the fix-it property")
    ap.add_argument("--dismiss", action=argparse.BooleanOptionalAction,
                    default=True,
                    help="also generate dismissed guards (absl::Cleanup, "
                    "std::move(g).Cancel()); on by default")
    ap.add_argument("--helper-kinds", default=",".join(HELPER_KINDS_ALL),
                    help="comma list of the helper kinds to generate (SPEC 8, "
                    "issue 17), of: %s (default: all)" % ", ".join(HELPER_KINDS_ALL))
    # Debugging the harness: delete the fix-its' text again before the
    # re-check, so that the fix-it property must fail.
    ap.add_argument("--break-fix", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    kinds = set(k for k in args.helper_kinds.split(",") if k)
    if kinds - set(HELPER_KINDS_ALL):
        ap.error("unknown helper kinds: %s" % ", ".join(sorted(kinds - set(HELPER_KINDS_ALL))))
    global PRELUDE
    HELPER_KINDS.clear()
    HELPER_KINDS.update(kinds)
    PRELUDE = PRELUDE + helper_prelude(kinds)

    first, _, end = args.seeds.partition(":")
    first = int(first)
    end = int(end) if end else first + 1
    if args.long:
        end = first + 20000
    if args.print is not None:
        fn = generate(args.print, args.unroll, args.dismiss)
        src = render_batch([fn])
        print(src)
        print("oracle:", sorted(oracle_findings(fn, args.unroll)))
        return 0
    if not args.workdir:
        args.workdir = tempfile.mkdtemp(prefix="lcfuzz-")
    os.makedirs(args.workdir, exist_ok=True)
    if not args.clangxx:
        args.clangxx = default_clangxx(args.clang_tidy_cmd)
    tool = Tool(args)

    start = time.time()
    seeds = list(range(first, end))
    batches = [seeds[i:i + args.batch] for i in range(0, len(seeds), args.batch)]
    counts = {}
    failures = []
    subjects = lossy = 0

    fix_cases = []

    def run_batch(batch):
        fns = [generate(s, args.unroll, args.dismiss) for s in batch]
        tag = "%d" % batch[0]
        source = render_batch(fns)
        found, fixes_path = tool.run(source, tag, fixes=True)
        per = split(found, fns)
        results = [(fn, oracle_findings(fn, args.unroll), got)
                   for fn, got in zip(fns, per)]
        cases = [] if args.no_fixes else map_fixes(fns, source, per, fixes_path,
                                                   args.unroll)
        return results, cases

    def run_recheck(i):
        # Every job re-checks its share of the fixed functions in one file.
        recheck(tool, mapped[i::args.jobs], "fix%d" % i, args.break_fix)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for results, cases in pool.map(run_batch, batches):
            fix_cases.extend(cases)
            for fn, want, got in results:
                subjects += fn.a["subject"] is not None
                lossy += fn.a["lossy"]
                for check, _ in want:
                    counts[check] = counts.get(check, 0) + 1
                if want != got:
                    failures.append((fn, want, got))
        mapped = [c for c in fix_cases if c.steps["mapped"]]
        list(pool.map(run_recheck, [i for i in range(args.jobs) if mapped[i::args.jobs]]))

    elapsed = time.time() - start
    print("lcfuzz: seeds %d:%d, %d programs, %.1f s" % (first, end, len(seeds), elapsed))
    print("lcfuzz: expected findings by check: %s"
          % ", ".join("%s=%d" % kv for kv in sorted(counts.items())))
    print("lcfuzz: %d programs test a condition more than once; %d generated "
          "again where the analysis's joins lose a fact" % (subjects, lossy))
    for fn, want, got in failures[:args.max_failures]:
        seed = fn.a["name"][1:]
        print("lcfuzz: MISMATCH seed %s: oracle %s, plugin %s"
              % (seed, relative(want, fn), relative(got, fn)))
        small = fn if args.no_shrink else \
            shrink(tool, copy.deepcopy(fn), args.unroll, "s" + seed)
        print(report(tool, small, args.unroll, "s" + seed))
    fix_failed = [c for c in fix_cases if c.failures]
    if not args.no_fixes:
        steps = collections.Counter()
        for c in fix_cases:
            steps.update(c.steps)
        print("lcfuzz: fix-its: %d offered, %d mapped, %d compile, %d re-check "
              "clean, %d release on every path (%d release twice on a path, "
              "idempotent)" % (len(fix_cases), steps["mapped"], steps["compile"],
                               steps["clean"], steps["release"], steps["double"]))
        for c in fix_failed[:args.max_failures]:
            seed = c.fn.a["name"][1:] if c.fn is not None else "?"
            print(fix_report(c, seed))
            if not args.no_shrink and c.fn is not None:
                print("lcfuzz: minimized:")
                print(fix_report(shrink_fix(tool, c, args.unroll, "x" + seed,
                                            args.break_fix), seed))
        print("lcfuzz: fix-its: %d pass, %d fail"
              % (len(fix_cases) - len(fix_failed), len(fix_failed)))
    print("lcfuzz: %d programs, %d agree, %d disagree"
          % (len(seeds), len(seeds) - len(failures), len(failures)))
    return 1 if failures or fix_failed else 0


def default_clangxx(tidy_cmd):
    words = shlex.split(tidy_cmd)
    tidy = next((w for w in reversed(words) if "clang-tidy" in w), "")
    near = os.path.join(os.path.dirname(tidy), "clang++")
    return near if os.path.dirname(tidy) and os.path.exists(near) else "clang++-19"


if __name__ == "__main__":
    sys.exit(main())
