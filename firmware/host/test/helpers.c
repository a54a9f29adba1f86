#include "helpers.h"

#include <string.h>

#include "sc/wire.h"

size_t test_command(uint8_t *wire, uint16_t request_id, uint8_t op, const uint8_t *args, size_t n) {
  uint8_t raw[SC_RAW_FRAME_BYTES(512)];
  sc_put_u16(raw + SC_HEADER_BYTES, request_id);
  raw[SC_HEADER_BYTES + 2] = op;
  if (n) memcpy(raw + SC_HEADER_BYTES + 3, args, n);
  size_t raw_len = sc_frame_seal(raw, SC_MSG_COMMAND, 1, 0, (uint16_t)(3 + n));
  return sc_frame_wrap(raw, raw_len, wire);
}

size_t test_drain_bytes(sc_sensor_t *s, int port, uint8_t *buf, size_t cap) {
  size_t total = 0;
  const uint8_t *data;
  size_t n;
  while ((n = sc_sensor_tx_peek(s, port, &data)) > 0 && total + n <= cap) {
    memcpy(buf + total, data, n);
    total += n;
    sc_sensor_tx_consume(s, port, n);
  }
  return total;
}

size_t test_decode_wire(const uint8_t *wire, size_t n, test_frame_t *out, size_t max) {
  size_t count = 0, start = 0;
  static uint8_t raw[70000];
  for (size_t i = 0; i < n && count < max; i++) {
    if (wire[i] != 0) continue;
    if (i > start) {
      long m = sc_cobs_decode(wire + start, i - start, raw, sizeof raw);
      sc_frame_t f;
      if (m > 0 && sc_frame_parse(raw, (size_t)m, &f) == SC_FRAME_OK) {
        out[count].type = f.type;
        out[count].sequence = f.sequence;
        out[count].time_us = f.device_time_us;
        out[count].len = f.payload_len;
        memcpy(out[count].payload, f.payload, f.payload_len < sizeof out[count].payload ? f.payload_len : sizeof out[count].payload);
        count++;
      }
    }
    start = i + 1;
  }
  return count;
}

size_t test_drain(sc_sensor_t *s, int port, test_frame_t *out, size_t max) {
  static uint8_t wire[1 << 20];
  size_t n = test_drain_bytes(s, port, wire, sizeof wire);
  return test_decode_wire(wire, n, out, max);
}
