#ifndef SC_FRAME_H
#define SC_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sc/cobs.h"
#include "sc/protocol.h"

typedef struct {
  uint8_t version;
  uint8_t type;
  uint8_t flags;
  uint32_t sequence;
  uint64_t device_time_us;
  uint16_t payload_len;
  const uint8_t *payload; /* points into the caller's raw frame */
} sc_frame_t;

/* Raw frame size (header, payload, CRC) and its worst-case size on the wire (COBS + delimiter). */
#define SC_RAW_FRAME_BYTES(payload_len) (SC_HEADER_BYTES + (payload_len) + SC_CRC_BYTES)
#define SC_WIRE_FRAME_MAX(payload_len) (SC_COBS_MAX_ENCODED(SC_RAW_FRAME_BYTES(payload_len)) + 1u)

/*
 * Writes header and CRC around a payload that the caller has already put at
 * raw + SC_HEADER_BYTES (so payloads are built in place, never copied). Returns the raw size.
 */
size_t sc_frame_seal(uint8_t *raw, uint8_t type, uint32_t sequence, uint64_t device_time_us, uint16_t payload_len);

/* COBS-encodes a raw frame and appends the delimiter; returns the bytes written to wire. */
size_t sc_frame_wrap(const uint8_t *raw, size_t raw_len, uint8_t *wire);

enum sc_frame_error {
  SC_FRAME_OK = 0,
  SC_FRAME_SHORT,     /* fewer bytes than a header and a CRC */
  SC_FRAME_LENGTH,    /* the length field disagrees with the size */
  SC_FRAME_CRC,       /* checksum mismatch */
  SC_FRAME_VERSION,   /* intact, but another protocol version */
  SC_FRAME_ZERO_BYTE, /* byte 3 is not zero: not a frame of any version */
};

/* Checks a decoded (raw) frame and fills `out`; the payload pointer points into raw. */
enum sc_frame_error sc_frame_parse(const uint8_t *raw, size_t raw_len, sc_frame_t *out);

#endif
