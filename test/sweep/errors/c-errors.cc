// sweep-expect: 1 lostcancel warning
// sweep-lang: c
// sweep-std: c11 c17
// sweep-apis: names=start_watch,handle=return,release=call;names=timer_begin,handle=return,release=func:timer_end(arg.0)
//
// A C file with errors (copied to a .c file by the sweep): implicit
// declarations, unknown types, a goto to a missing label, a release with the
// wrong arity, a struct that is never completed. The one well-formed function
// is reported.
typedef void (*stop_fn)(void);
stop_fn start_watch(int id);
int timer_begin(int ms);
void timer_end(int timer);
int work(int x);

/* Well-formed: leaks on the error return. */
int wellFormedLeak(int id) {
  stop_fn stop = start_watch(id); // sweep-expect-warning: lostcancel-unreleased
  if (work(id) < 0)
    return -1;
  stop();
  return 0;
}

// sweep-error-function (an implicit function declaration (an error in C99 and later) leaves a complete AST)
int implicitDeclaration(int id) {
  stop_fn stop = start_watch(id);
  if (undeclared_check(id))
    return -1;
  stop();
  return 0;
}

// sweep-error-function
int unknownHandleType(int ms) {
  timer_t_unknown t = timer_begin(ms);
  if (work(ms))
    return 1;
  timer_end(t);
  return 0;
}

// sweep-error-function
int gotoMissing(int ms) {
  int t = timer_begin(ms);
  if (work(t))
    goto cleanup;
  timer_end(t);
  return 0;
}

// sweep-error-function
void releaseWrongArity(int ms) {
  int t = timer_begin(ms);
  if (work(t))
    return;
  timer_end(t, 1);
}

struct never_completed;
// sweep-error-function
int incompleteStruct(int id) {
  stop_fn stop = start_watch(id);
  struct never_completed nc;
  if (work(id))
    return 1;
  stop();
  return 0;
}

// sweep-error-function (the parser drops the rest of the body after the missing ';')
int missingSemicolonAndBrace(int id) {
  stop_fn stop = start_watch(id)
  if (work(id) {
    return 1;
  }
  stop();
  return 0;
}
// sweep-error-end
