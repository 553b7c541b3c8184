// Helpers defined in a header, for test/lostcancel/summaries-uses.c and
// summaries-effects.c: a
// summary sees every body in the translation unit.
#ifndef SUMMARIES_HELPERS_H
#define SUMMARIES_HELPERS_H

#include <fcntl.h>

static inline int set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0)
    return -1;
  return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

#include <unistd.h>

/* A release wrapper in a header (summaries-effects.c). */
static inline void release_fd(int fd) {
  if (fd < 0)
    return;
  close(fd);
}

#endif
