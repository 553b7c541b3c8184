#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stddef.h>
#include <time.h>

int watchdog(long seconds) {
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, NULL, &timer) != 0)
    return -1;
  struct itimerspec spec = {{0, 0}, {seconds, 0}};
  if (timer_settime(timer, 0, &spec, NULL) != 0)
    return -2;
  if (seconds > 60)
    return -3;
  timer_delete(timer);
  return 0;
}
