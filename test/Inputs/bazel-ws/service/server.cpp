#include "service/server.h"

bool connect(const ctx::Context &c);

int serve(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithTimeout(parent, 500);
#if SERVER_RETRIES > 0
  if (!connect(c))
    return -1;
#endif
  cancel();
  return 0;
}
