#include "sc/cobs.h"

size_t sc_cobs_encode(const uint8_t *src, size_t len, uint8_t *dst) {
  size_t code_at = 0;
  size_t out = 1;
  uint8_t code = 1;
  for (size_t i = 0; i < len; i++) {
    if (src[i] == 0) {
      dst[code_at] = code;
      code_at = out++;
      code = 1;
    } else {
      dst[out++] = src[i];
      if (++code == 0xff) {
        dst[code_at] = code;
        code_at = out++;
        code = 1;
      }
    }
  }
  dst[code_at] = code;
  return out;
}

long sc_cobs_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t dst_cap) {
  size_t out = 0;
  size_t i = 0;
  while (i < len) {
    uint8_t code = src[i];
    if (code == 0) return -1;
    size_t block_end = i + code;
    if (block_end > len) return -1;
    size_t run = (size_t)code - 1u;
    if (out + run > dst_cap) return -1;
    for (size_t j = i + 1; j < block_end; j++) {
      if (src[j] == 0) return -1;
      dst[out++] = src[j];
    }
    i = block_end;
    if (code != 0xff && i < len) {
      if (out >= dst_cap) return -1;
      dst[out++] = 0;
    }
  }
  return (long)out;
}
