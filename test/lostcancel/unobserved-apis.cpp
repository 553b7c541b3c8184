// RUN: %check_lostcancel --checks=lostcancel-unobserved --config='{CheckOptions: {lostcancel.Profiles: "", lostcancel.Apis: "names=WithCancel,creation=^acme::,callee=free,handle=return.1,release=call,root=Root,observe=Cancelled|Expired"}}' %s -- -std=c++20

// lostcancel-unobserved (SPEC §9) with a user API (lostcancel.Apis) and no
// built-in profile (lostcancel.Profiles empty): the entry's family makes
// acme::Ctx a context type (its root Root() returns it, its creation
// WithCancel takes it), and its observe= methods, Cancelled and Expired, are
// what observes it. The go-context profile is off, so `done()` is just a
// method here. std::stop_token needs no profile: stop_requested() always
// observes it.
//
// NOLINT on the loop's line, or NOLINTNEXTLINE above it, silences a finding.

#include <functional>
#include <stop_token>
#include <thread>
#include <utility>

namespace acme {
struct Ctx {
  bool Cancelled() const;
  bool Expired() const;
  bool done() const;
};
Ctx Root();
std::pair<Ctx, std::function<void()>> WithCancel(const Ctx &parent);
} // namespace acme

// Not a context: no function of an entry returns or takes it.
namespace other {
struct Ctx {
  bool Cancelled() const;
};
} // namespace other

void work();

// ============================================================================
// Positive
// ============================================================================

// done() is not an observe= method of this configuration.
void notListed(acme::Ctx c) {
  std::thread t([c] {
    while (true)
      if (!c.done())
        work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:26: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

// A stop_token without any profile.
void tokenWithoutProfiles() {
  std::jthread t([](std::stop_token st) {
    for (;;)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-6]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-7]]:16: note: the thread is started here

// ============================================================================
// Negative
// ============================================================================

// Each observe= method observes.
void listed(acme::Ctx c) {
  std::thread t([c] {
    while (true)
      if (!c.Cancelled())
        work();
  });
  std::thread u([&c] {
    while (true)
      if (!c.Expired())
        work();
  });
  t.join();
  u.join();
}

// A class of the same name elsewhere is no context: no signal, silent.
void notAContext(other::Ctx c) {
  std::thread t([c] {
    while (true)
      work();
  });
  t.join();
}

// NOLINT on the loop line, NOLINTNEXTLINE above it.
void silenced(acme::Ctx c) {
  std::thread t([c] {
    while (true) // NOLINT(lostcancel-unobserved)
      work();
  });
  std::thread u([c] {
    // NOLINTNEXTLINE(lostcancel-unobserved)
    for (;;)
      work();
  });
  t.join();
  u.join();
}
