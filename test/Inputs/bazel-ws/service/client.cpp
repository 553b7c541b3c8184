#include "service/client.h"

bool send(const ctx::Context &c);

bool fetch(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithCancel(parent);
  bool sent = send(c);
  cancel();
  return sent;
}
