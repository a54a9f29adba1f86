#ifndef SC_COBS_H
#define SC_COBS_H

#include <stddef.h>
#include <stdint.h>

/* Largest COBS encoding of `len` bytes, without the 0x00 delimiter. */
#define SC_COBS_MAX_ENCODED(len) ((len) + ((len) / 254u) + 1u)

/* Encodes src into dst (room for SC_COBS_MAX_ENCODED(len)); returns bytes written, no delimiter. */
size_t sc_cobs_encode(const uint8_t *src, size_t len, uint8_t *dst);

/*
 * Decodes one frame (delimiter excluded) into dst of dst_cap bytes. Returns the decoded length,
 * or -1 when the bytes are not COBS (a zero, a code running past the end) or do not fit.
 * Never writes past dst_cap.
 */
long sc_cobs_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t dst_cap);

#endif
