// A minimal coroutine task type for the control-flow tests (cf-coroutines.cpp).
#pragma once
#include <coroutine>

namespace cfcoro {

// A coroutine returning nothing: `co_return;` or falling off the end.
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// A coroutine returning an int: `co_return value;`.
struct int_task {
  struct promise_type {
    int value = 0;
    int_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int v) { value = v; }
    void unhandled_exception() {}
  };
};

// An awaitable that never suspends.
inline std::suspend_never tick() { return {}; }

} // namespace cfcoro
