#!/usr/bin/env python3
"""No-crash sweep: run the lostcancel plugin over real code nobody here wrote.

The sweep generates its translation units into --workdir and runs clang-tidy
with the plugin on each of them, with a timeout (issue 5):

  * `#include <bits/stdc++.h>` (the whole of libstdc++) in C++11, 17, 20, 23,
    plus a function instantiating a broad slice of it, and a coroutine in
    C++20/23;
  * Boost.Asio (`<boost/asio.hpp>`), libuv (`<uv.h>`, as C and as C++) and
    cpprestsdk (`<cpprest/http_client.h>`, `<pplx/pplxtasks.h>`);
  * the hand-written files with compile errors in test/sweep/errors/ (*.cc,
    so that lit does not take them for tests; they are copied to .cpp/.c).

Every generated TU also holds Go-style functions on the mock API of
test/Inputs/gocontext.h (a mock C API for the C TU): two leaking, two clean.
Each leaking line carries a `// sweep-expect-warning: CHECK` comment and, in
normal mode, the lostcancel warnings must be exactly those.

Modes:

  normal  the third-party headers are system headers, as in real use; the
          matchers skip them, so only the TU's own functions are analysed.
  stress  the third-party headers are user headers: a copy of libstdc++ in
          WORKDIR/inc/cxx with its `#pragma GCC system_header` lines
          neutralised, symlinks to the Boost, libuv and cpprestsdk trees, and
          glibc's own directories, all passed with -I after -nostdinc (with
          -O2 -D_FORTIFY_SOURCE=2 for glibc's inline wrappers). And
          lostcancel.Apis gets entries whose creation regex is `.*`, so every
          call with a direct callee is a creation site: the analysis runs on
          thousands of real function bodies (templates, coroutines,
          exceptions, gotos, GNU extensions). The findings are meaningless;
          what is checked is no crash, no hang, and a minimum number of
          scopes (the trick still works). Variants: "call" (whole-result
          handles released by a call) and "alt" (pair/tuple/member handles,
          method and function releases); "boost-only" has only Boost as user
          headers.

A TU fails when clang-tidy crashes (a signal, or a crash or sanitizer report
in its output), times out, has compile errors it should not have, prints no
`lostcancel-stats:` line (the sweep sets the lostcancel.Statistics option)
although it compiles, or when the lostcancel warnings differ from the
expectations.

An error file must produce compiler errors. In normal mode, it must produce
exactly N lostcancel warnings outside its functions with errors (N from its
`// sweep-expect: N lostcancel warnings` line), and none inside them. A
function with errors starts at a `// sweep-error-function` line and runs to
the next such line, a `// sweep-error-end` line or the end of the file (the
rest of the marker line says what the error is). In stress mode only crashes
and hangs are checked.

Directives an error file may carry:
  // sweep-expect: N lostcancel warnings
  // sweep-std: c++17 c++20      standards to run it in (default c++17; the
                                 first one only with --quick)
  // sweep-lang: c               copied to NAME.c and run as C
  // sweep-apis: ENTRIES         lostcancel.Apis for normal mode

--quick (the lit test, test/lostcancel/sweep.test) runs every TU in normal
mode, the error files in stress mode too, and stress mode ("call") for the
C++20 libstdc++ TU, the cpprestsdk TU (the most function bodies: pplx,
cpprest and the libstdc++ they use) and the C libuv TU only.

Output: one row per TU, then
  sweep: N TUs, S scopes analysed, C sites, F findings, T s total, X failures
(T is the sum of the per-TU wall times; check-s in the table is the plugin's
own time from --enable-check-profile). The exit status is non-zero on any
failure. Full clang-tidy outputs are kept in WORKDIR/logs/.
"""

import argparse
import concurrent.futures
import glob
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_lostcancel import CRASH_MARKERS  # noqa: E402  (one list for all)
STATS_RE = re.compile(
    r"^lostcancel-stats: scopes=(\d+) sites=(\d+) findings=(\d+)\s*$", re.M)
WARNING_RE = re.compile(
    r"^(.*?):(\d+):(\d+): warning: .*\[([^\]]*lostcancel-[a-z-]+[^\]]*)\]\s*$",
    re.M)
ERROR_RE = re.compile(r"^(?:(.*?):(\d+):(\d+): )?error: (.*)$", re.M)
PROFILE_RE = re.compile(
    r"^\s*[\d.]+ \([\s\d.]+%\)\s+[\d.]+ \([\s\d.]+%\)\s+[\d.]+ \([\s\d.]+%\)\s+"
    r"([\d.]+) \([\s\d.]+%\)\s+(lostcancel-[a-z-]+)\s*$", re.M)
EXPECT_WARNING_RE = re.compile(r"//\s*sweep-expect-warning:\s*(lostcancel-[a-z-]+)")
EXPECT_COUNT_RE = re.compile(r"//\s*sweep-expect:\s*(\d+)\s+lostcancel warnings?")
STD_DIRECTIVE_RE = re.compile(r"//\s*sweep-std:\s*(.+?)\s*$", re.M)
LANG_DIRECTIVE_RE = re.compile(r"//\s*sweep-lang:\s*(\w+)", re.M)
APIS_DIRECTIVE_RE = re.compile(r"//\s*sweep-apis:\s*(.+?)\s*$", re.M)

# Stress mode: every call is a creation. The go-context profile stays first,
# so the mock's creations keep their own model; then whole-result handles
# released by a call (C++ and C), and in the "alt" variant pair/tuple/class
# handles and method/function releases.
STRESS_APIS = {
    "call": "creation=.*,handle=return,release=call",
    "alt": ("creation=.*,handle=return.auto,release=call;"
            "creation=.*,handle=return.1,release=method:reset;"
            "creation=.*,handle=return.0,release=func:close(arg.0),use=size|empty;"
            "creation=.*,callee=free,handle=return,release=func:free(arg.0)"),
}
# Stress variants: (entries, extra compiler arguments). "delayed" parses
# template bodies late (clang's MSVC compatibility mode). (-fno-exceptions
# is no variant: libstdc++'s nested_exception.h throws unconditionally,
# which clang accepts only in a system header.)
STRESS_VARIANTS = {
    "call": (STRESS_APIS["call"], []),
    "alt": (STRESS_APIS["alt"], []),
    "delayed": (STRESS_APIS["call"], ["-fdelayed-template-parsing"]),
}

# Stress mode must reach at least this many function bodies (the C++ TUs
# reach thousands, the C TU a few dozen glibc and libuv inline functions).
MIN_STRESS_SCOPES_CXX = 500
MIN_STRESS_SCOPES_C = 20

# The mock C API of the C TUs (the go-context mock is C++ only).
C_MOCK_APIS = "names=sweep_start_watch,handle=return,release=call"

# --------------------------------------------------------------------------
# Generated translation units.
# --------------------------------------------------------------------------

# Go-style functions on the mock API, valid from C++11 on: two leaks (one
# unreleased, one discarded) and two clean functions.
GO_CXX11 = r"""
// ---- Go-style code on the mock API (test/Inputs/gocontext.h) ----
namespace sweep_go {

// Leaks: the early return skips the release.
int leakEarlyReturn(const ctx::Context &bg, const std::vector<int> &v) {
  auto p = ctx::WithTimeout(bg, ctx::Duration(10)); // sweep-expect-warning: lostcancel-unreleased
  if (v.empty())
    return 0;
  int sum = 0;
  for (int x : v)
    sum += x;
  use_context(p.first);
  p.second();
  return sum;
}

// Leaks: the handle is dropped at creation.
void leakDiscarded(const ctx::Context &bg) {
  ctx::WithCancel(bg); // sweep-expect-warning: lostcancel-discarded
}

// Clean: released on the normal path and in the handler that rethrows.
void cleanTryCatch(const ctx::Context &bg, std::vector<int> &v) {
  auto p = ctx::WithCancel(bg);
  try {
    v.at(3) += 1;
  } catch (const std::out_of_range &) {
    p.second();
    throw;
  }
  p.second();
}

// Clean: the handle goes to a joined thread, which calls it.
void cleanJoinedThread(const ctx::Context &bg) {
  auto p = ctx::WithTimeout(bg, ctx::Duration(5));
  ctx::CancelFunc cancel = p.second;
  std::thread t([cancel] { cancel(); });
  use_context(p.first);
  t.join();
}

} // namespace sweep_go
"""

# The same shapes with C++17 structured bindings and library types.
GO_CXX17 = r"""
// ---- Go-style code on the mock API (test/Inputs/gocontext.h) ----
namespace sweep_go {

// Leaks: the early return skips the release.
int leakEarlyReturn(const ctx::Context &bg, const std::vector<int> &v) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10)); // sweep-expect-warning: lostcancel-unreleased
  if (v.empty())
    return 0;
  use_context(c);
  cancel();
  return static_cast<int>(v.size());
}

// Leaks: only the context is kept.
ctx::Context leakDiscarded(const ctx::Context &bg) {
  return ctx::WithCancel(bg).first; // sweep-expect-warning: lostcancel-discarded
}

// Clean: released on every path out of a switch with fallthrough.
int cleanSwitch(const ctx::Context &bg, int k) {
  auto [c, cancel] = ctx::WithDeadline(bg, 100);
  switch (k) {
  case 0:
    cancel();
    return 0;
  case 1:
    use_context(c);
    [[fallthrough]];
  default:
    break;
  }
  cancel();
  return k;
}

// Clean: the handle goes to a joined thread, which calls it.
void cleanJoinedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  std::thread t([cancel = cancel] { cancel(); });
  use_context(c);
  t.join();
}

} // namespace sweep_go
"""

# Lots of libstdc++ templates instantiated in the TU, so that stress mode
# analyses their bodies (uninstantiated templates have no calls to analyse).
STD_INSTANTIATIONS = r"""
// ---- instantiate a broad slice of libstdc++ ----
namespace sweep_use {
template <class T> void sink(const T &);

void instantiate() {
  std::vector<std::string> v{"b", "a", "c"};
  std::sort(v.begin(), v.end());
  std::stable_sort(v.begin(), v.end(), std::greater<std::string>());
  std::map<std::string, std::vector<int>> m;
  m["x"].push_back(1);
  std::multimap<int, int> mm;
  mm.insert(std::make_pair(1, 2));
  std::unordered_map<int, std::string> um;
  um.emplace(1, "one");
  std::unordered_set<std::string> us(v.begin(), v.end());
  std::set<int> s{3, 1, 2};
  s.erase(s.find(2));
  std::deque<int> d;
  d.push_front(1);
  std::list<int> l{3, 2, 1};
  l.sort();
  l.unique();
  std::forward_list<int> fl{1, 2};
  fl.reverse();
  std::priority_queue<int> pq;
  pq.push(3);
  pq.pop();
  std::stack<int> st;
  st.push(1);
  std::array<int, 4> arr{{4, 3, 2, 1}};
  std::nth_element(arr.begin(), arr.begin() + 2, arr.end());
  std::vector<int> iv(10);
  std::iota(iv.begin(), iv.end(), 0);
  std::partial_sum(iv.begin(), iv.end(), iv.begin());
  sink(std::accumulate(iv.begin(), iv.end(), 0L));
  std::shared_ptr<int> sp = std::make_shared<int>(1);
  std::weak_ptr<int> wp = sp;
  std::unique_ptr<int[]> up(new int[3]);
  std::function<int(int)> f = [](int x) { return x + 1; };
  sink(f(1));
  std::regex re("a+b*", std::regex::ECMAScript | std::regex::icase);
  std::smatch sm;
  std::regex_search(v[0], sm, re);
  sink(std::regex_replace(v[1], re, "z"));
  std::ostringstream os;
  os << 1.5 << std::hex << 42 << std::setw(8) << std::setfill('0') << 7;
  std::istringstream is("1 2");
  int a = 0;
  is >> a;
  std::stringstream ss;
  ss << std::put_time(static_cast<const std::tm *>(nullptr), "%c");
  std::ifstream in("/dev/null");
  std::string line;
  while (std::getline(in, line))
    sink(line);
  std::wstring ws = L"w";
  ws += std::to_wstring(3);
  std::thread t([&a] { ++a; });
  t.join();
  std::mutex mu;
  { std::lock_guard<std::mutex> g(mu); }
  std::unique_lock<std::mutex> ul(mu);
  std::condition_variable cv;
  cv.wait_for(ul, std::chrono::milliseconds(1), [] { return true; });
  ul.unlock();
  std::recursive_timed_mutex rtm;
  rtm.try_lock_for(std::chrono::milliseconds(1));
  auto fut = std::async(std::launch::async, [] { return 1; });
  sink(fut.get());
  std::promise<int> pr;
  pr.set_value(1);
  std::packaged_task<int()> pt([] { return 2; });
  pt();
  std::atomic<int> at(0);
  at.fetch_add(1, std::memory_order_relaxed);
  std::mt19937 gen(1);
  std::uniform_int_distribution<int> dist(1, 6);
  std::normal_distribution<double> nd(0.0, 1.0);
  sink(dist(gen) + nd(gen));
  std::bitset<64> bs;
  bs.set(3);
  sink(bs.to_string());
  std::valarray<double> va(3);
  sink(va.sum());
  std::complex<double> cx(1, 2);
  sink(std::abs(cx) + std::arg(std::exp(cx)));
  std::locale loc;
  sink(std::use_facet<std::ctype<char>>(loc).toupper('a'));
  sink(std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now().time_since_epoch()));
  std::tuple<int, std::string, double> tu(1, "x", 2.0);
  sink(std::get<1>(tu));
  std::tie(a, std::ignore, std::ignore) = tu;
  try {
    throw std::system_error(std::make_error_code(std::errc::timed_out));
  } catch (const std::exception &e) {
    sink(e.what());
  }
#if __cplusplus >= 201703L
  std::optional<int> o = 3;
  sink(o.value_or(1));
  std::variant<int, std::string> var = std::string("x");
  std::visit([](auto &&x) { sink(x); }, var);
  std::any any = 1;
  sink(std::any_cast<int>(any));
  std::string_view sv("abc");
  sink(sv.substr(1));
  std::filesystem::path p("/tmp");
  std::error_code ec;
  sink(std::filesystem::exists(p / "x", ec));
  for (auto &entry : std::filesystem::directory_iterator("/", ec))
    sink(entry.path());
  char buf[16];
  std::to_chars(buf, buf + sizeof buf, 12345);
  std::shared_mutex shm;
  { std::shared_lock<std::shared_mutex> rl(shm); }
  { std::scoped_lock both(mu, rtm); }
  std::pmr::monotonic_buffer_resource mbr;
  std::pmr::vector<int> pv(&mbr);
  pv.push_back(1);
  sink(std::apply([](int x, const std::string &, double) { return x; }, tu));
  sink(std::reduce(iv.begin(), iv.end()));
  sink(std::gcd(12, 18));
#endif
#if __cplusplus >= 202002L
  std::span<int> spn(iv);
  sink(spn.subspan(1, 2).size());
  std::ranges::sort(iv, std::ranges::greater{});
  auto r = iv | std::views::filter([](int x) { return x % 2 == 0; }) |
           std::views::transform([](int x) { return x * 3; }) |
           std::views::take(3);
  for (int x : r)
    sink(x);
  std::jthread jt([](std::stop_token tok) {
    while (!tok.stop_requested())
      std::this_thread::yield();
  });
  jt.request_stop();
  std::latch lt(1);
  lt.count_down();
  std::counting_semaphore<4> sem(1);
  sem.acquire();
  sem.release();
  std::barrier bar(1);
  bar.arrive_and_wait();
  sink(std::source_location::current().line());
  sink(std::bit_ceil(5u));
  sink((1 <=> 2) < 0);
#endif
#if __cplusplus > 202002L
#if defined(__cpp_lib_expected)
  std::expected<int, std::string> ex = 1;
  sink(ex.value_or(2));
#endif
#if defined(__cpp_lib_move_only_function)
  std::move_only_function<int()> mof = [] { return 1; };
  sink(mof());
#endif
  sink(std::to_underlying(std::errc::timed_out));
#endif
}
} // namespace sweep_use
"""

# Clean coroutine bodies (C++20 and later), on the task type of the
# control-flow tests (test/Inputs/cf-coro.h) and a small generator.
GO_COROUTINES = r"""
// ---- coroutines (C++20) ----
#include "cf-coro.h"
namespace sweep_co {
using cfcoro::task;

template <class T> struct generator {
  struct promise_type {
    T value{};
    generator get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> h;
};

// Clean: released before every co_return.
task cleanCoroutine(const ctx::Context &bg, bool early) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (early) {
    cancel();
    co_return;
  }
  co_await std::suspend_never{};
  use_context(c);
  cancel();
}

generator<int> counter(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}
} // namespace sweep_co
"""

ASIO_GO = r"""
// ---- Go-style code around Boost.Asio ----
namespace sweep_go {
namespace asio = boost::asio;

// Leaks (in the completion handler, its own scope): the early return.
void leakInHandler(asio::io_context &io, const ctx::Context &bg) {
  auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(5));
  timer->async_wait([timer, bg](const boost::system::error_code &ec) {
    auto [c, cancel] = ctx::WithCancel(bg); // sweep-expect-warning: lostcancel-unreleased
    if (ec)
      return;
    use_context(c);
    cancel();
  });
}

// Leaks: the handle is dropped inside a posted handler.
void leakPosted(asio::io_context &io, const ctx::Context &bg) {
  asio::post(io, [bg] {
    ctx::WithTimeout(bg, ctx::Duration(1)); // sweep-expect-warning: lostcancel-discarded
  });
}

// Clean: a synchronous wait, released on both paths.
bool cleanSyncWait(asio::io_context &io, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(50));
  asio::steady_timer t(io);
  t.expires_after(std::chrono::milliseconds(1));
  boost::system::error_code ec;
  t.wait(ec);
  cancel();
  if (ec)
    return false;
  use_context(c);
  return true;
}

// Clean: the handle moves into the completion handler, which calls it.
void cleanHandedToHandler(asio::io_context &io, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(5));
  timer->async_wait([timer, cancel = cancel](const boost::system::error_code &) { cancel(); });
  use_context(c);
}

void run() {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  asio::ip::tcp::socket socket(io);
  asio::streambuf buf;
  asio::async_read_until(socket, buf, "\r\n",
                         [](const boost::system::error_code &, std::size_t) {});
  asio::strand<asio::io_context::executor_type> strand(io.get_executor());
  asio::post(strand, [] {});
  asio::signal_set signals(io, SIGINT);
  signals.async_wait([](const boost::system::error_code &, int) {});
  asio::thread_pool pool(1);
  asio::post(pool, [] {});
  pool.join();
  io.run_for(std::chrono::milliseconds(1));
}
} // namespace sweep_go
"""

CPPREST_GO = r"""
// ---- Go-style code around cpprestsdk ----
namespace sweep_go {
using namespace web::http;

// Leaks (in the continuation, its own scope): the throw.
pplx::task<void> leakInContinuation(client::http_client &cl, const ctx::Context &bg) {
  return cl.request(methods::GET).then([bg](http_response r) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(100)); // sweep-expect-warning: lostcancel-unreleased
    if (r.status_code() != status_codes::OK)
      throw std::runtime_error("bad status");
    use_context(c);
    cancel();
  });
}

// Leaks: only the context is kept.
pplx::task<ctx::Context> leakKeepsContext(const ctx::Context &bg) {
  return pplx::create_task([bg] {
    return ctx::WithCancel(bg).first; // sweep-expect-warning: lostcancel-discarded
  });
}

// Clean: the handle is handed to a cancellation callback.
void cleanRegistered(pplx::cancellation_token_source &cts, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto reg = cts.get_token().register_callback([cancel = cancel] { cancel(); });
  use_context(c);
  cts.get_token().deregister_callback(reg);
}

// Clean: released after waiting, whatever the outcome.
int cleanWait(client::http_client &cl, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(100));
  int code = 0;
  try {
    code = cl.request(methods::GET).get().status_code();
  } catch (const http_exception &) {
    code = -1;
  }
  cancel();
  use_context(c);
  return code;
}

void run() {
  client::http_client_config cfg;
  cfg.set_timeout(std::chrono::seconds(1));
  client::http_client cl(U("http://localhost:1"), cfg);
  uri_builder b(U("/path"));
  b.append_query(U("k"), U("v"));
  web::json::value j = web::json::value::object();
  j[U("a")] = web::json::value::number(1);
  http_request req(methods::POST);
  req.set_body(j);
  auto t = cl.request(req).then([](http_response r) { return r.extract_json(); })
               .then([](pplx::task<web::json::value> jt) {
                 try { return jt.get().serialize(); } catch (...) { return utility::string_t(); }
               });
  pplx::task_completion_event<int> tce;
  pplx::task<int> waiter(tce);
  tce.set(1);
  std::vector<pplx::task<int>> tasks{waiter, pplx::task_from_result(2)};
  auto all = pplx::when_all(tasks.begin(), tasks.end());
  all.wait();
  (waiter && pplx::task_from_result(3)).wait();
}
} // namespace sweep_go
"""

UV_CXX_GO = r"""
// ---- Go-style code around libuv (C++) ----
namespace sweep_go {

// Leaks: an early return when the timer cannot be set up.
int leakOnInitFailure(uv_loop_t *loop, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg); // sweep-expect-warning: lostcancel-unreleased
  uv_timer_t timer;
  if (uv_timer_init(loop, &timer) != 0)
    return -1;
  use_context(c);
  cancel();
  return uv_run(loop, UV_RUN_NOWAIT);
}

// Leaks: the handle is dropped.
void leakDiscarded(const ctx::Context &bg) {
  ctx::WithTimeout(bg, ctx::Duration(1)); // sweep-expect-warning: lostcancel-discarded
}

// Clean: the handle goes to the heap-allocated timer's data, the callback
// calls it.
static void onTimer(uv_timer_t *t) {
  auto *cancel = static_cast<ctx::CancelFunc *>(t->data);
  (*cancel)();
  delete cancel;
}
int cleanStoredInTimer(uv_loop_t *loop, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  auto *timer = new uv_timer_t;
  uv_timer_init(loop, timer);
  timer->data = new ctx::CancelFunc(cancel);
  use_context(c);
  return uv_timer_start(timer, onTimer, 5, 0);
}

// Clean: released on every path.
int cleanAllPaths(uv_loop_t *loop, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  uv_idle_t idle;
  if (uv_idle_init(loop, &idle) != 0) {
    cancel();
    return -1;
  }
  use_context(c);
  cancel();
  return 0;
}
} // namespace sweep_go
"""

UV_C_GO = r"""
/* ---- C code around libuv, on a mock C API: sweep_start_watch returns a
   stop function that must be called (lostcancel.Apis: %(apis)s) ---- */
typedef void (*sweep_stop_fn)(void);
sweep_stop_fn sweep_start_watch(uv_loop_t *loop);

/* Leaks: the error path jumps past the release. */
int sweep_leak_goto(uv_loop_t *loop) {
  sweep_stop_fn stop = sweep_start_watch(loop); // sweep-expect-warning: lostcancel-unreleased
  uv_timer_t timer;
  if (uv_timer_init(loop, &timer) != 0)
    goto fail;
  stop();
  return 0;
fail:
  return -1;
}

/* Leaks: the stop function is dropped. */
void sweep_leak_discarded(uv_loop_t *loop) {
  sweep_start_watch(loop); // sweep-expect-warning: lostcancel-discarded
}

/* Clean: the usual single-exit cleanup label. */
int sweep_clean_cleanup(uv_loop_t *loop) {
  int rc = -1;
  sweep_stop_fn stop = sweep_start_watch(loop);
  uv_timer_t timer;
  if (uv_timer_init(loop, &timer) != 0)
    goto out;
  rc = uv_run(loop, UV_RUN_NOWAIT);
out:
  stop();
  return rc;
}

/* Clean: released in every case of a switch. */
int sweep_clean_switch(uv_loop_t *loop, int k) {
  sweep_stop_fn stop = sweep_start_watch(loop);
  switch (k) {
  case 0:
    stop();
    return 0;
  case 1:
  case 2:
    k += uv_loop_alive(loop);
    /* fallthrough */
  default:
    stop();
    break;
  }
  return k;
}

#if defined(__BLOCKS__)
/* Leaks (in the block, its own scope; the TU is compiled with -fblocks). */
int sweep_leak_in_block(uv_loop_t *loop) {
  int (^body)(void) = ^{
    sweep_stop_fn stop = sweep_start_watch(loop); // sweep-expect-warning: lostcancel-unreleased
    if (uv_loop_alive(loop))
      return 1;
    stop();
    return 0;
  };
  return body();
}
#endif

static void sweep_on_close(uv_handle_t *h) { (void)h; }
int sweep_run(void) {
  uv_loop_t loop;
  uv_timer_t t;
  if (uv_loop_init(&loop))
    return 1;
  uv_timer_init(&loop, &t);
  uv_close((uv_handle_t *)&t, sweep_on_close);
  uv_run(&loop, UV_RUN_DEFAULT);
  return uv_loop_close(&loop);
}
"""


class Unit:
    """One clang-tidy run: a source file, its arguments and expectations."""

    def __init__(self, name, mode, std, source, args, apis="",
                 expected=None, expect_count=None, error_regions=None,
                 expect_errors=False, min_scopes=0):
        self.name = name
        self.mode = mode
        self.std = std
        self.source = source
        self.args = args
        self.apis = apis
        self.expected = expected            # sorted [(line, check)] or None
        self.expect_count = expect_count    # int or None
        self.error_regions = error_regions or []
        self.expect_errors = expect_errors
        self.min_scopes = min_scopes        # stress mode: the trick works


def expected_warnings(text):
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        m = EXPECT_WARNING_RE.search(line)
        if m:
            found.append((number, m.group(1)))
    return sorted(found)


ERROR_FUNCTION_RE = re.compile(r"//\s*sweep-error-function\b")
FUNCTION_NAME_RE = re.compile(r"(~?\w+)\s*\(")


class ErrorRegion:
    """Lines of one function with compile errors, from its
    `// sweep-error-function` marker to the next marker, a
    `// sweep-error-end` line or the end of the file. A lostcancel warning
    inside it is a failure: the plugin does not analyse scopes with compile
    errors."""

    def __init__(self, first):
        self.first = first
        self.last = None
        self.name = "?"


def error_regions(text):
    regions = []
    lines = text.splitlines()

    def close(number):
        if regions and regions[-1].last is None:
            regions[-1].last = number

    for number, line in enumerate(lines, 1):
        m = ERROR_FUNCTION_RE.search(line)
        if m:
            close(number - 1)
            regions.append(ErrorRegion(number))
        elif "sweep-error-end" in line:
            close(number)
        elif regions and regions[-1].last is None and regions[-1].name == "?":
            name = FUNCTION_NAME_RE.search(line)
            if name and not line.lstrip().startswith("//"):
                regions[-1].name = name.group(1)
    close(len(lines) + 1)
    return regions


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def libstdcxx_dirs():
    """The libstdc++ header directories clang uses on this machine."""
    versions = sorted(
        (d for d in glob.glob("/usr/include/c++/*") if os.path.isdir(d)),
        key=lambda d: [int(x) if x.isdigit() else 0
                       for x in os.path.basename(d).split(".")])
    if not versions:
        return None, None
    top = versions[-1]
    ver = os.path.basename(top)
    arch = [d for d in glob.glob("/usr/include/*/c++/" + ver) if os.path.isdir(d)]
    return top, (arch[0] if arch else None)


def copy_without_system_header(src, dst):
    """Copies a header tree, neutralising `#pragma GCC system_header` (same
    number of lines), so that clang treats the copies as user headers."""
    pragma = re.compile(rb"^([ \t]*#[ \t]*pragma[ \t]+(?:GCC|clang)[ \t]+system_header)",
                        re.M)
    count = 0
    for root, _, files in os.walk(src, followlinks=False):
        rel = os.path.relpath(root, src)
        out_dir = os.path.normpath(os.path.join(dst, rel))
        os.makedirs(out_dir, exist_ok=True)
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            new = pragma.sub(rb"// \1 (removed by the lostcancel sweep)", data)
            count += new != data
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(new)
    return count


def resource_include(tidy):
    """clang's own headers (stddef.h, stdarg.h, ...) for the clang-tidy in
    use, needed once -nostdinc drops every default include directory."""
    llvm = os.path.dirname(os.path.dirname(os.path.realpath(tidy)))
    found = sorted(glob.glob(os.path.join(llvm, "lib", "clang", "*", "include")))
    return found[-1] if found else None


def prepare_stress_includes(workdir, tidy):
    """WORKDIR/inc: third-party headers reachable as user headers.

    Returns (cxx, c): the arguments for C++ and for C. Both make the C
    library (glibc, with _FORTIFY_SOURCE's inline wrappers) and the Boost,
    libuv and cpprestsdk trees user headers; cxx also libstdc++ (a copy
    without its system_header pragmas)."""
    inc = os.path.join(workdir, "inc")
    cxx = os.path.join(inc, "cxx")
    cxx_arch = os.path.join(inc, "cxx-arch")
    user = os.path.join(inc, "user")
    top, arch = libstdcxx_dirs()
    stamp = os.path.join(inc, ".done")
    if not os.path.exists(stamp):
        shutil.rmtree(inc, ignore_errors=True)
        os.makedirs(user)
        if top:
            copy_without_system_header(top, cxx)
        if arch:
            copy_without_system_header(arch, cxx_arch)
        for name in ("boost", "uv", "uv.h", "cpprest", "pplx"):
            target = os.path.join("/usr/include", name)
            if os.path.exists(target):
                os.symlink(target, os.path.join(user, name))
        write(stamp, "")
    common = ["-I" + user]
    resource = resource_include(tidy)
    multiarch = [os.path.dirname(d) for d in glob.glob("/usr/include/*-linux-*/bits")]
    if resource:
        common = (["-nostdinc"] + common + ["-I" + d for d in multiarch]
                  + ["-I/usr/include", "-isystem", resource,
                     "-O2", "-D_FORTIFY_SOURCE=2"])
    cxx_args = ["-nostdinc++", "-I" + cxx]
    if arch:
        cxx_args.append("-I" + cxx_arch)
    cxx_args.append("-I" + os.path.join(cxx, "backward"))
    # An error that is a warning by default in system headers only.
    cxx_args.append("-Wno-invalid-constexpr")
    return cxx_args + common, common


def generated_units(args, workdir):
    inc = "-I" + os.path.abspath(args.include)
    gen = os.path.join(workdir, "gen")
    units = []
    stress_cxx, stress_c = prepare_stress_includes(workdir, tidy_command(args)[2])
    quick = args.quick

    def add(name, std, text, base_args, stress_modes, is_c=False,
            normal_apis=""):
        ext = ".c" if is_c else ".cpp"
        path = os.path.join(gen, name + ext)
        write(path, text)
        expected = expected_warnings(text)
        units.append(Unit(name, "normal", std, path, base_args,
                          apis=normal_apis, expected=expected))
        for variant in stress_modes:
            entries, flags = STRESS_VARIANTS[variant]
            apis = ";".join(a for a in (normal_apis, entries) if a)
            extra = stress_c if is_c else stress_cxx
            units.append(Unit(name, "stress-" + variant, std, path,
                              extra + base_args + flags, apis=apis,
                              min_scopes=MIN_STRESS_SCOPES_C if is_c
                              else MIN_STRESS_SCOPES_CXX))

    std_stress = {
        "c++11": ["call"],
        "c++17": ["call", "alt", "delayed"],
        "c++20": ["call"],
        "c++23": ["call"],
    }
    for std in ("c++11", "c++17", "c++20", "c++23"):
        body = ["#include <bits/stdc++.h>", '#include "gocontext.h"',
                GO_CXX11 if std == "c++11" else GO_CXX17, STD_INSTANTIATIONS]
        if std in ("c++20", "c++23"):
            body.append(GO_COROUTINES)
        modes = std_stress[std]
        if quick:
            modes = ["call"] if std == "c++20" else []
        add("stdcxx-" + std[3:], std, "\n".join(body) + "\n",
            ["-std=" + std, inc, "-pthread"], modes)

    asio = "\n".join(["#include <boost/asio.hpp>", "#include <thread>",
                      '#include "gocontext.h"', ASIO_GO]) + "\n"
    add("boost-asio", "c++17", asio, ["-std=c++17", inc, "-pthread"],
        [] if quick else ["call", "alt"])
    # Boost alone as user headers, over the system libstdc++ and glibc.
    if not quick:
        path = os.path.join(gen, "boost-asio.cpp")
        user = "-I" + os.path.join(workdir, "inc", "user")
        units.append(Unit("boost-asio", "stress-boost-only", "c++17", path,
                          [user, "-std=c++17", inc, "-pthread"],
                          apis=STRESS_APIS["call"],
                          min_scopes=MIN_STRESS_SCOPES_CXX))

    uv_cxx = "\n".join(["#include <uv.h>", "#include <thread>", "#include <vector>",
                        '#include "gocontext.h"', UV_CXX_GO]) + "\n"
    add("libuv-cxx", "c++17", uv_cxx, ["-std=c++17", inc], [] if quick else ["call"])
    uv_c = "\n".join(["#include <uv.h>",
                      UV_C_GO % {"apis": C_MOCK_APIS}]) + "\n"
    add("libuv-c", "c11", uv_c, ["-std=c11", "-D_GNU_SOURCE", "-fblocks"],
        ["call"], is_c=True, normal_apis=C_MOCK_APIS)

    rest = "\n".join(["#include <cpprest/http_client.h>", "#include <pplx/pplxtasks.h>",
                      "#include <thread>", '#include "gocontext.h"', CPPREST_GO]) + "\n"
    add("cpprest", "c++17", rest, ["-std=c++17", inc, "-pthread"], ["call"])
    return units


def error_units(args, workdir):
    units = []
    src_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "errors")
    out_dir = os.path.join(workdir, "errors")
    inc = "-I" + os.path.abspath(args.include)
    for path in sorted(glob.glob(os.path.join(src_dir, "*.cc"))):
        with open(path) as f:
            text = f.read()
        name = os.path.splitext(os.path.basename(path))[0]
        m = EXPECT_COUNT_RE.search(text)
        if not m:
            sys.exit("sweep: %s has no '// sweep-expect: N lostcancel warnings' line"
                     % path)
        count = int(m.group(1))
        lang = LANG_DIRECTIVE_RE.search(text)
        is_c = bool(lang) and lang.group(1) == "c"
        stds = STD_DIRECTIVE_RE.search(text)
        stds = stds.group(1).split() if stds else (["c11"] if is_c else ["c++17"])
        apis = APIS_DIRECTIVE_RE.search(text)
        apis = apis.group(1) if apis else ""
        # Copied so that the language follows the extension.
        copy = os.path.join(out_dir, name + (".c" if is_c else ".cpp"))
        write(copy, text)
        regions = error_regions(text)
        if not regions:
            sys.exit("sweep: %s has no '// sweep-error-function' marker" % path)
        if args.quick:
            stds = stds[:1]
        for std in stds:
            base = ["-std=" + std, inc]
            units.append(Unit("err-" + name, "normal", std, copy, base, apis=apis,
                              expect_count=count, error_regions=regions,
                              expect_errors=True))
            # Stress: every call a creation, over the error-recovery ASTs.
            # Only crashes and hangs are checked: with every call a site,
            # the calls in the well-formed patterns of failing templates are
            # sites too.
            stress_apis = ";".join(a for a in (apis, STRESS_APIS["call"]) if a)
            units.append(Unit("err-" + name, "stress-call", std, copy, base,
                              apis=stress_apis, expect_errors=True))
    return units


# --------------------------------------------------------------------------
# Running.
# --------------------------------------------------------------------------

def tidy_command(args):
    if args.clang_tidy_cmd:
        cmd = shlex.split(args.clang_tidy_cmd)
    else:
        cmd = [args.clang_tidy]
    # The clang-tidy binary itself: the last word naming it (the command may
    # start with env VAR=...).
    tidy = next((w for w in reversed(cmd) if "clang-tidy" in os.path.basename(w)),
                cmd[-1])
    env = dict(os.environ)
    if args.preload:
        env["LD_PRELOAD"] = args.preload
        env["ASAN_OPTIONS"] = "detect_leaks=0"
        env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    return cmd, env, tidy


def run_unit(unit, args, logs):
    base, env, _ = tidy_command(args)
    cmd = base + ["--load=" + args.plugin, "--checks=-*,lostcancel-*", "--quiet",
                  "--enable-check-profile"]
    # lostcancel.Statistics prints the lostcancel-stats line; one --config
    # carries it and the unit's APIs.
    options = "lostcancel.Statistics: true"
    if unit.apis:
        options += ", lostcancel.Apis: '%s'" % unit.apis
    cmd.append("--config={CheckOptions: {%s}}" % options)
    cmd += [unit.source, "--"] + unit.args
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
    seconds = time.monotonic() - start
    output = out.decode("utf-8", "replace")
    log = os.path.join(logs, "%s.%s.%s.log" % (unit.name, unit.mode, unit.std))
    write(log, "$ " + " ".join(shlex.quote(c) for c in cmd) + "\n" + output
          + "\n[exit %s, %.2f s]\n" % (proc.returncode, seconds))
    return evaluate(unit, proc.returncode, timed_out, seconds, output, log)


def evaluate(unit, returncode, timed_out, seconds, output, log):
    r = {"unit": unit, "seconds": seconds, "log": log, "problems": [],
         "scopes": 0, "sites": 0, "findings": 0, "warnings": 0, "check": 0.0}
    stats = STATS_RE.findall(output)
    if stats:
        r["scopes"], r["sites"], r["findings"] = (int(x) for x in stats[-1])
    r["check"] = sum(float(s) for s, _ in PROFILE_RE.findall(output))
    source = os.path.realpath(unit.source)
    warnings = []
    for m in WARNING_RE.finditer(output):
        if os.path.realpath(m.group(1)) != source:
            continue
        check = next(c.strip() for c in m.group(4).split(",")
                     if c.strip().startswith("lostcancel-"))
        warnings.append((int(m.group(2)), check))
    warnings.sort()
    r["warnings"] = len(warnings)
    errors = [m for m in ERROR_RE.finditer(output)
              if "clang-tidy-config" not in m.group(4)]
    config_errors = [m.group(0) for m in ERROR_RE.finditer(output)
                     if "clang-tidy-config" in m.group(4)]
    problems = r["problems"]

    if timed_out:
        problems.append("TIMEOUT after %.0f s" % seconds)
    markers = [m for m in CRASH_MARKERS if m in output]
    if markers or (not timed_out and returncode is not None and returncode < 0):
        problems.append("CRASH (%s)" % (", ".join(markers) or
                                        "signal %d" % -returncode))
    if config_errors:
        problems.append("configuration error: " + config_errors[0])
    if not timed_out and not markers:
        if unit.expect_errors:
            if not errors:
                problems.append("expected compile errors, got none")
        else:
            if errors:
                problems.append("unexpected compile error: " + errors[0].group(0))
            elif returncode != 0:
                problems.append("exit status %d" % returncode)
            if not stats:
                problems.append("no lostcancel-stats line")
        if stats and r["scopes"] < unit.min_scopes:
            problems.append("stress mode analysed %d scopes, expected at least %d: "
                            "are the third-party headers still user headers?"
                            % (r["scopes"], unit.min_scopes))
        if unit.expected is not None and warnings != unit.expected:
            problems.append("warnings %s, expected %s" % (warnings, unit.expected))
        unexpected = []
        for line, check in warnings:
            region = next((g for g in unit.error_regions
                           if g.first <= line <= g.last), None)
            if region is None:
                unexpected.append((line, check))
                continue
            what = ("%s:%d: %s inside %s(), which has compile errors "
                    "(lines %d-%d)" % (os.path.basename(unit.source), line, check,
                                      region.name, region.first, region.last))
            problems.append(what)
        if unit.expect_count is not None and len(unexpected) != unit.expect_count:
            problems.append("%d lostcancel warnings outside the functions with "
                            "errors, expected %d: %s"
                            % (len(unexpected), unit.expect_count, unexpected))
    return r


def status(r):
    if not r["problems"]:
        return "ok"
    first = r["problems"][0]
    for word in ("CRASH", "TIMEOUT"):
        if first.startswith(word):
            return word
    return "FAIL"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clang-tidy", default="/usr/lib/llvm-19/bin/clang-tidy")
    parser.add_argument("--clang-tidy-cmd",
                        help="the whole clang-tidy command, split with shlex "
                             "(may start with env VAR=... as lit's %%clang_tidy "
                             "does in sanitized runs); overrides --clang-tidy")
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--include", required=True,
                        help="directory holding gocontext.h (test/Inputs)")
    parser.add_argument("--preload",
                        help="sanitizer runtime to LD_PRELOAD into clang-tidy")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds per translation unit (default 120)")
    parser.add_argument("--quick", action="store_true",
                        help="the CI subset")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--filter",
                        help="only units whose 'name mode' matches REGEX")
    args = parser.parse_args()

    args.plugin = os.path.abspath(args.plugin)
    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    logs = os.path.join(workdir, "logs")
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs)

    units = generated_units(args, workdir) + error_units(args, workdir)
    if args.filter:
        units = [u for u in units if re.search(args.filter, u.name + " " + u.mode)]

    wall = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # The slowest first, so that two workers finish together.
        order = sorted(range(len(units)),
                       key=lambda i: (not units[i].mode.startswith("stress"),
                                      units[i].name.startswith("err-")))
        futures = {i: pool.submit(run_unit, units[i], args, logs) for i in order}
        results = [futures[i].result() for i in range(len(units))]
    wall = time.monotonic() - wall

    header = "%-22s %-17s %-6s %7s %7s %6s %6s %8s %8s  %s" % (
        "tu", "mode", "std", "seconds", "check-s", "scopes", "sites", "findings",
        "warnings", "status")
    print(header)
    print("-" * len(header))
    for r in results:
        u = r["unit"]
        print("%-22s %-17s %-6s %7.2f %7.2f %6d %6d %8d %8d  %s" % (
            u.name, u.mode, u.std, r["seconds"], r["check"], r["scopes"],
            r["sites"], r["findings"], r["warnings"], status(r)))
    failures = [r for r in results if r["problems"]]
    for r in failures:
        u = r["unit"]
        print("\nFAILURE %s [%s, %s]: %s" % (u.name, u.mode, u.std,
                                            "; ".join(r["problems"])))
        print("  log: %s" % r["log"])
        with open(r["log"]) as f:
            tail = f.read().splitlines()[-25:]
        print("\n".join("  | " + line for line in tail))
    print()
    print("sweep: wall clock %.1f s with %d jobs; slowest TU %.1f s; "
          "most check time in one TU %.2f s" % (
              wall, args.jobs, max(r["seconds"] for r in results),
              max(r["check"] for r in results)))
    print("sweep: %d TUs, %d scopes analysed, %d sites, %d findings, %.1f s total, "
          "%d failures" % (len(results), sum(r["scopes"] for r in results),
                           sum(r["sites"] for r in results),
                           sum(r["findings"] for r in results),
                           sum(r["seconds"] for r in results), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
