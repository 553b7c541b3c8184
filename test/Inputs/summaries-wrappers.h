// Creation wrappers defined in a header, for
// test/lostcancel/summaries-creation-wrappers.{c,cpp} (SPEC §8.3): a wrapper
// is seen wherever its body is in the translation unit.
#ifndef SUMMARIES_WRAPPERS_H
#define SUMMARIES_WRAPPERS_H

#include <sys/timerfd.h>

static inline int open_tick_timer(int flags) {
  int fd = timerfd_create(CLOCK_MONOTONIC, flags);
  if (fd < 0)
    return -1;
  return fd;
}

#endif
