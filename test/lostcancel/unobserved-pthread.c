// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c11

// lostcancel-unobserved (SPEC §9) in C: a signal is a std::stop_token or a
// context of a C++ family (a class that a root or creation function of an
// API profile returns or takes), so C code has none: a pthread start
// routine that loops forever is silent, whatever its argument holds -- even
// a struct named like a context, made by functions named like the
// go-context profile's. (No C API in the built-in profiles has a
// cancellation signal to observe.)

#include <pthread.h>
#include <stdbool.h>

typedef struct Context {
  int cancelled;
} Context;
Context *Background(void);
Context *WithCancel(Context *parent, void (**cancel)(void));
bool done(Context *c);

void work(void);

static void *contextRoutine(void *arg) {
  Context *c = (Context *)arg;
  while (1)
    work();
  return 0;
}

struct job {
  volatile bool stop;
  int n;
};

static void *flagRoutine(void *arg) {
  struct job *job = arg;
  for (;;)
    work();
  return 0;
}

void start(struct job *job) {
  pthread_t a, b;
  pthread_create(&a, 0, contextRoutine, Background());
  pthread_create(&b, 0, flagRoutine, job);
  pthread_join(a, 0);
  pthread_join(b, 0);
}
