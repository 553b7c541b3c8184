// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Apis: "names=open_port,handle=return,release=func:close_port(arg.0);names=open_conn,handle=return,release=func:close_conn(arg.0)"}}' %s -- -std=c++17

// SPEC §4: a fix-it compiles. A release function is written by its name, so
// in C++ a fix is offered only where that name finds the function: declared
// at file scope, or by argument-dependent lookup in the namespace of the
// handle's class (net::Conn). For an int handle whose release is
// net::close_port, `close_port(p)` would not compile: no fix.

namespace net {
int open_port(int n);
void close_port(int port);
struct Conn {
  int fd;
};
Conn open_conn(int n);
void close_conn(Conn c);
} // namespace net

bool work(int step);

int portLeaks(int n) {
  int p = net::open_port(n);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: handle 'p' returned by 'open_port' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(n))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'p'
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  net::close_port(p);
  return 0;
}

int connLeaks(int n) {
  net::Conn c = net::open_conn(n);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'c' returned by 'open_conn' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(c.fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'c'
  // CHECK-FIXES: {{^}}    { close_conn(c); return -1; }{{$}}
  net::close_conn(c);
  return 0;
}
