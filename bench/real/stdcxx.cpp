// A real-size TU: all of libstdc++ (<bits/stdc++.h>) plus go-context code in
// the style lostcancel checks. Two seeded leaks (marked LEAK) and the rest
// released correctly: lostcancel must report exactly 2 findings.
#include <bits/stdc++.h>

#include "bench_context.h"

namespace app {

std::vector<std::string> split(const std::string &text, char sep) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, sep);)
    parts.push_back(part);
  return parts;
}

int fetch(const ctx::Context &parent, const std::string &url) {
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(500));
  if (url.empty())
    return -1; // LEAK: returns without cancel()
  int status = work(c, static_cast<int>(url.size()));
  cancel();
  return status;
}

int fetchAll(const ctx::Context &parent, const std::vector<std::string> &urls) {
  auto [c, cancel] = ctx::WithCancel(parent);
  std::map<std::string, int> results;
  for (const auto &url : urls) {
    if (failed(work(c, 1)))
      break;
    results[url] = fetch(c, url);
  }
  cancel();
  return std::accumulate(
      results.begin(), results.end(), 0,
      [](int sum, const auto &kv) { return sum + kv.second; });
}

int poll(const ctx::Context &parent, int rounds) {
  int total = 0;
  for (int i = 0; i < rounds; ++i) {
    auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(10 * i));
    if (work(c, i) < 0)
      continue; // LEAK: continues without cancel()
    total += work(c, i + 1);
    cancel();
  }
  return total;
}

std::optional<int> guarded(const ctx::Context &parent, std::string_view name) {
  auto [c, cancel] = ctx::WithCancel(parent);
  struct Guard {
    ctx::CancelFunc &f;
    ~Guard() { f(); }
  } guard{cancel};
  if (name.empty())
    return std::nullopt;
  return work(c, static_cast<int>(name.size()));
}

int worker(const ctx::Context &parent, std::mutex &m, std::deque<int> &queue) {
  auto [c, cancel] = ctx::WithCancel(parent);
  std::thread t([&queue, &m, c = c] {
    std::lock_guard<std::mutex> lock(m);
    queue.push_back(work(c, 0));
  });
  t.join();
  cancel();
  std::lock_guard<std::mutex> lock(m);
  return queue.empty() ? 0 : queue.front();
}

std::pair<ctx::Context, ctx::CancelFunc> start(const ctx::Context &parent) {
  return ctx::WithTimeout(parent, ctx::Duration(100)); // transferred
}

int sorted(const ctx::Context &parent, std::vector<int> values) {
  auto [c, cancel] = ctx::WithCancel(parent);
  std::sort(values.begin(), values.end());
  auto last = std::unique(values.begin(), values.end());
  values.erase(last, values.end());
  int sum = 0;
  for (int v : values)
    sum += work(c, v);
  cancel();
  return sum;
}

} // namespace app
