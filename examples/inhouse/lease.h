// An in-house API that lostcancel knows nothing about until .clang-tidy (or
// lostcancel-apis.yaml) describes it: see docs/inhouse-api.md.
#ifndef INFRA_LEASE_H
#define INFRA_LEASE_H

namespace infra {

struct Lease {
  int id;
};

/// Takes a lease on a resource: on success stores it in *out and returns 0.
int lease_open(const char *resource, Lease *out);
/// Gives the lease back to the server.
void lease_close(Lease lease);
/// Extends the lease; does not give it back.
bool lease_renew(Lease lease);

/// Watches a path until stopped.
class Watch {
public:
  bool changed() const;
  void stop();
};
Watch start_watch(const char *path);

/// The team's scope guard.
template <class F> struct OnExit {
  F f;
  ~OnExit() { f(); }
};
template <class F> OnExit<F> on_exit(F f) { return {f}; }

} // namespace infra

#endif
