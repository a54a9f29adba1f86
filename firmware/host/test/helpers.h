/* Test helpers: build commands as the app does, read back what a port queued. */
#ifndef SC_TEST_HELPERS_H
#define SC_TEST_HELPERS_H

#include "sc/sensor.h"

typedef struct {
  uint8_t type;
  uint32_t sequence;
  uint64_t time_us;
  uint16_t len;
  uint8_t payload[2048];
} test_frame_t;

/* Wire bytes of one COMMAND frame. */
size_t test_command(uint8_t *wire, uint16_t request_id, uint8_t op, const uint8_t *args, size_t n);
/* Drains a port and decodes its frames; returns how many (stops at max). Counts bare delimiters in *extra_zeros. */
size_t test_drain(sc_sensor_t *s, int port, test_frame_t *out, size_t max);
/* All bytes a port queued (the raw wire), appended to buf. */
size_t test_drain_bytes(sc_sensor_t *s, int port, uint8_t *buf, size_t cap);
size_t test_decode_wire(const uint8_t *wire, size_t n, test_frame_t *out, size_t max);

#endif
