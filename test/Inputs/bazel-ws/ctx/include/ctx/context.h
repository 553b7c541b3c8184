#pragma once
static_assert(__cplusplus >= 201703L, "the context library needs C++17");
#include <functional>
#include <utility>

namespace ctx {
struct Context {
  bool done() const;
};
using CancelFunc = std::function<void()>;

std::pair<Context, CancelFunc> WithCancel(const Context &parent);
#if CTX_HAVE_TIMEOUT
std::pair<Context, CancelFunc> WithTimeout(const Context &parent, long ms);
#endif
} // namespace ctx
