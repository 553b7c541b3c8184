/* A C API with cancel handles, declared to lostcancel through the
   lostcancel.Apis option in the tests that include it. */
#pragma once
typedef void (*stop_fn)(void);
stop_fn start_watch(int id);
int timer_begin(int ms);
void timer_end(int timer);
int work(int);
