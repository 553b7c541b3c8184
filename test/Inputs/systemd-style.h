/* The shapes of systemd's ownership macros (src/fundamental/macro-fundamental.h
 * and src/basic/fd-util.h), written for the tests: a cleanup attribute whose
 * function closes through its parameter, and "take" macros that read a
 * variable and reset it, as GNU statement expressions. */
#ifndef LOSTCANCEL_TEST_SYSTEMD_STYLE_H
#define LOSTCANCEL_TEST_SYSTEMD_STYLE_H

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(fn) __attribute__((cleanup(fn)))

static inline void closep(int *fd) {
  if (*fd >= 0)
    close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

/* Read `var`, leave `nullvalue` behind, yield what was read. */
#define TAKE_GENERIC(var, type, nullvalue)                                     \
  ({                                                                           \
    type *take_where_ = &(var);                                                \
    type take_value_ = *take_where_;                                           \
    *take_where_ = (nullvalue);                                                \
    take_value_;                                                               \
  })
#define TAKE_PTR(ptr) TAKE_GENERIC(ptr, typeof(ptr), NULL)
#define TAKE_FD(fd) TAKE_GENERIC(fd, int, -EBADF)

#endif
