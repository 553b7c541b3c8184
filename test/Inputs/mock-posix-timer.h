// A stand-in for the POSIX timer API, for systems without glibc's headers:
// the same names and shapes as <time.h> and <sys/timerfd.h>.
#ifndef MOCK_POSIX_TIMER_H
#define MOCK_POSIX_TIMER_H

typedef void *timer_t;
typedef int clockid_t;
struct sigevent;
struct timespec {
  long tv_sec;
  long tv_nsec;
};
struct itimerspec {
  struct timespec it_interval;
  struct timespec it_value;
};

#define CLOCK_MONOTONIC 1

int timer_create(clockid_t clock, struct sigevent *sev, timer_t *timer);
int timer_delete(timer_t timer);
int timer_settime(timer_t timer, int flags, const struct itimerspec *value,
                  struct itimerspec *old);
int timerfd_create(clockid_t clock, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *value,
                    struct itimerspec *old);
int close(int fd);

#endif
