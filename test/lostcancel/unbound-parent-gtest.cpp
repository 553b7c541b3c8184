// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// lostcancel-unbound-parent is silent in unit-test bodies (SPEC §9.3): the
// TestBody of a class derived from testing::Test, which gtest's TEST and
// TEST_F expand to, and the lambdas written in it. Helpers of a fixture and
// look-alikes that do not derive from testing::Test are checked as usual.

#include "gocontext.h"
#include "mock-gtest.h"

using ctx::Context;

void work(const Context &c);

TEST(Server, HandlesRequest) {
  auto handler = [](const Context &request) { work(ctx::Background()); };
  handler(ctx::TODO());
}

class ServerTest : public testing::Test {
protected:
  // Not a test body: checked.
  void expectServed(const Context &request) { work(ctx::Background()); }
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-2]]:36: note: context 'request' is in scope here
};

TEST_F(ServerTest, HandlesRequestInFixture) {
  auto handler = [](const Context &request) { work(ctx::TODO()); };
  handler(ctx::Background());
  expectServed(ctx::Background());
}

// A fixture derived from another fixture.
class SlowServerTest : public ServerTest {};

TEST_F(SlowServerTest, HandlesSlowRequest) {
  auto handler = [](const Context &request) { work(ctx::TODO()); };
  handler(ctx::Background());
}

// A fixture with several bases, testing::Test behind the first one.
class Helpers {
public:
  void log(const char *what);
};
class MixedServerTest : public ServerTest, public Helpers {};

TEST_F(MixedServerTest, HandlesRequestWithHelpers) {
  auto handler = [](const Context &request) { work(ctx::Background()); };
  handler(ctx::TODO());
  log("done");
}

// The same shape outside a test body is reported.
void notATest() {
  auto handler = [](const Context &request) { work(ctx::Background()); };
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-2]]:36: note: context 'request' is in scope here
  handler(ctx::TODO());
}

// A TestBody that is not gtest's: its class does not derive from
// testing::Test.
struct LooksLikeATest {
  void TestBody() {
    auto handler = [](const Context &request) { work(ctx::Background()); };
    // CHECK-NOTES: :[[@LINE-1]]:54: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE-2]]:38: note: context 'request' is in scope here
    handler(ctx::TODO());
  }
};
