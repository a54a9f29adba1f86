#include "sc/crc32.h"

/* Table built on first use: 1 KB of RAM instead of 1 KB of flash constants, same speed. */
static uint32_t table[256];
static int table_ready;

static void build_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    table[i] = c;
  }
  table_ready = 1;
}

uint32_t sc_crc32_le(uint32_t crc, const uint8_t *buf, size_t len) {
  if (!table_ready) build_table();
  crc = ~crc;
  for (size_t i = 0; i < len; i++) crc = table[(crc ^ buf[i]) & 0xffu] ^ (crc >> 8);
  return ~crc;
}
