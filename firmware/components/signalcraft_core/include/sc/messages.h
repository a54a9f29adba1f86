/* Payloads of docs/protocol.md, written in place after a frame header. */
#ifndef SC_MESSAGES_H
#define SC_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sc/protocol.h"

typedef struct {
  uint32_t boot_id;
  uint32_t capabilities;
  uint32_t audio_hz;
  uint32_t vibration_hz;
  float reading_hz;
  const char *device_id;
  const char *firmware_version;
  const char *model;
} sc_hello_t;

typedef struct {
  float temperature_c, vib_x_g, vib_y_g, vib_z_g, current_a, power_w, audio_db, quality; /* NaN: absent */
  /* Only a sensor built with transducers sends these (10 floats): an 8-float READING stays what
   * every receiver knows. Absolute kPa; NaN when a transducer is missing or its signal is off. */
  bool has_pressure;
  float suction_kpa, discharge_kpa;
} sc_reading_t;

typedef struct {
  uint8_t battery_percent; /* SC_STATUS_BATTERY_ABSENT: none */
  int8_t rssi_dbm;         /* SC_STATUS_RSSI_ABSENT: none */
  uint16_t flags;
  uint32_t boot_id;
  uint64_t dropped_samples;
  uint32_t free_heap;
} sc_status_t;

/* Board facts and provisioning state, for INFO. Never holds a credential. */
typedef struct {
  uint32_t flags; /* SC_INFO_* */
  uint8_t mac[6];
  uint32_t flash_bytes;
  char name[SC_MAX_NAME_BYTES + 1];
  char chip[48];
  char idf_version[32];
  char ip[40];
  char ap_ssid[SC_MAX_SSID_BYTES + 1];
} sc_board_info_t;

/* Each returns the payload length written to `p` (which has room for the largest case). */
size_t sc_msg_hello(uint8_t *p, const sc_hello_t *h);
size_t sc_msg_reading(uint8_t *p, const sc_reading_t *r);
size_t sc_msg_status(uint8_t *p, const sc_status_t *s);
size_t sc_msg_log(uint8_t *p, uint8_t level, const char *text, size_t max_text);
size_t sc_msg_ack(uint8_t *p, uint16_t request_id, uint8_t op, uint8_t status, bool with_time, uint64_t echo_host_time_us);
size_t sc_msg_info(uint8_t *p, const sc_board_info_t *info, const char *firmware_version, const char *model);
/* Header of AUDIO (then PCM16) and VIBRATION (then x, y, z i16 per sample). */
size_t sc_msg_audio_head(uint8_t *p, uint32_t rate, uint64_t first_sample);
size_t sc_msg_vibration_head(uint8_t *p, uint32_t rate, uint64_t first_sample, float scale_g);
/* Copies i16 values little-endian. */
void sc_put_i16s(uint8_t *p, const int16_t *values, size_t n);

/* u8 length + bytes, cut to `max` bytes at a UTF-8 boundary; returns bytes written. */
size_t sc_put_short_text(uint8_t *p, const char *text, size_t max);

/* READING payload sizes (docs/protocol.md). */
#define SC_READING_PAYLOAD 32u
#define SC_READING_PRESSURE_PAYLOAD 40u

/* Largest payloads this firmware builds. */
#define SC_MAX_HELLO_PAYLOAD (20u + 3u * (1u + SC_MAX_TEXT_FIELD))
#define SC_MAX_INFO_PAYLOAD (14u + 7u * (1u + SC_MAX_TEXT_FIELD))

#endif
