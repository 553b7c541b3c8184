// A POSIX timer deleted only when configuring it fails: the success path
// leaks it (lostcancel-error-path-only, posix-timer profile).
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stddef.h>
#include <time.h>

int arm_watchdog(long seconds) {
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, NULL, &timer) != 0)
    return -1;
  struct itimerspec spec = {{0, 0}, {seconds, 0}};
  if (timer_settime(timer, 0, &spec, NULL) != 0) {
    timer_delete(timer);
    return -1;
  }
  return 0;
}
