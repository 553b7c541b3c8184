// An in-house context API that no built-in profile knows: svc::Scope is the
// context, svc::Scope::Root() makes a new root, svc::Derive gives a child
// and its release function, and a scope is asked with Stopping(). Tests give
// it to lostcancel with lostcancel.Apis or lostcancel.ApiFile, `root=` and
// `observe=` included (test/lostcancel/inhouse-roots.cpp).
#pragma once
#include <functional>
#include <utility>

namespace svc {
class Scope {
public:
  static Scope Root();
  bool Stopping() const;
  int Deadline() const;
};
struct Child {
  Scope scope;
  std::function<void()> release;
};
Child Derive(const Scope &parent, int ms);
void Run(const Scope &scope);
} // namespace svc
