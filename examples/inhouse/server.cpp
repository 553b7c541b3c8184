#include "lease.h"

bool ready();

int serve(const char *path) {
  infra::Lease lease;
  if (infra::lease_open(path, &lease) != 0)
    return -1; // failed: nothing to give back
  infra::Watch watch = infra::start_watch(path);
  if (!ready())
    return -2; // leaks the lease and the watch
  if (watch.changed())
    infra::lease_renew(lease);
  infra::lease_close(lease);
  return 0; // leaks the watch
}
