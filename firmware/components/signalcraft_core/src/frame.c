#include "sc/frame.h"

#include "sc/crc32.h"
#include "sc/wire.h"

size_t sc_frame_seal(uint8_t *raw, uint8_t type, uint32_t sequence, uint64_t device_time_us, uint16_t payload_len) {
  raw[0] = SC_PROTOCOL_VERSION;
  raw[1] = type;
  raw[2] = 0;
  raw[3] = 0; /* always zero: keeps the first wire byte below any printable character */
  sc_put_u32(raw + 4, sequence);
  sc_put_u64(raw + 8, device_time_us);
  sc_put_u16(raw + 16, payload_len);
  size_t end = SC_HEADER_BYTES + (size_t)payload_len;
  sc_put_u32(raw + end, sc_crc32_le(0, raw, end));
  return end + SC_CRC_BYTES;
}

size_t sc_frame_wrap(const uint8_t *raw, size_t raw_len, uint8_t *wire) {
  size_t n = sc_cobs_encode(raw, raw_len, wire);
  wire[n] = 0;
  return n + 1;
}

enum sc_frame_error sc_frame_parse(const uint8_t *raw, size_t raw_len, sc_frame_t *out) {
  if (raw_len < SC_HEADER_BYTES + SC_CRC_BYTES) return SC_FRAME_SHORT;
  size_t body = raw_len - SC_CRC_BYTES;
  if (sc_crc32_le(0, raw, body) != sc_get_u32(raw + body)) return SC_FRAME_CRC;
  if (raw[3] != 0) return SC_FRAME_ZERO_BYTE;
  out->version = raw[0];
  out->type = raw[1];
  out->flags = raw[2];
  out->sequence = sc_get_u32(raw + 4);
  out->device_time_us = sc_get_u64(raw + 8);
  out->payload_len = sc_get_u16(raw + 16);
  out->payload = raw + SC_HEADER_BYTES;
  if (out->version != SC_PROTOCOL_VERSION) return SC_FRAME_VERSION;
  if ((size_t)out->payload_len != body - SC_HEADER_BYTES) return SC_FRAME_LENGTH;
  return SC_FRAME_OK;
}
