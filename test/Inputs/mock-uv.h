/* A minimal mock of libuv's timer API: the declarations the libuv profile
   knows, with libuv's names and shapes (a timer is a handle; uv_close takes
   the timer cast to uv_handle_t *; every call returns a status, 0 on
   success). */
#ifndef MOCK_UV_H
#define MOCK_UV_H

typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s {
  void *data;
  uv_loop_t *loop;
  int type;
} uv_handle_t;
typedef struct uv_timer_s {
  void *data;
  uv_loop_t *loop;
  int type;
  unsigned long long timeout;
  unsigned long long repeat;
} uv_timer_t;

typedef void (*uv_timer_cb)(uv_timer_t *handle);
typedef void (*uv_close_cb)(uv_handle_t *handle);
typedef enum { UV_RUN_DEFAULT = 0, UV_RUN_ONCE, UV_RUN_NOWAIT } uv_run_mode;

uv_loop_t *uv_default_loop(void);
int uv_run(uv_loop_t *loop, uv_run_mode mode);

int uv_timer_init(uv_loop_t *loop, uv_timer_t *handle);
int uv_timer_start(uv_timer_t *handle, uv_timer_cb cb,
                   unsigned long long timeout, unsigned long long repeat);
int uv_timer_stop(uv_timer_t *handle);
int uv_timer_again(uv_timer_t *handle);
unsigned long long uv_timer_get_repeat(const uv_timer_t *handle);

int uv_is_active(const uv_handle_t *handle);
void uv_close(uv_handle_t *handle, uv_close_cb close_cb);

#endif
