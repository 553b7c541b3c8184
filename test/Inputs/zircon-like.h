/* Zircon-style channel creation: two handles through out-parameters, each
 * with Clang's acquire_handle attribute (the shape of zx_channel_create). */
#ifndef LOSTCANCEL_TEST_ZIRCON_LIKE_H
#define LOSTCANCEL_TEST_ZIRCON_LIKE_H

typedef int zx_status_t;
typedef unsigned zx_handle_t;
#define ZX_OK 0

zx_status_t zx_channel_create(unsigned options,
                              zx_handle_t *out0
                              __attribute__((acquire_handle("zircon"))),
                              zx_handle_t *out1
                              __attribute__((acquire_handle("zircon"))));
zx_status_t zx_handle_close(zx_handle_t handle
                            __attribute__((release_handle("zircon"))));
zx_status_t zx_channel_write(zx_handle_t handle
                             __attribute__((use_handle("zircon"))),
                             unsigned options, const void *bytes,
                             unsigned num_bytes);

#endif
