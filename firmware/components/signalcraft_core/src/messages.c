#include "sc/messages.h"

#include <string.h>

#include "sc/wire.h"

size_t sc_put_short_text(uint8_t *p, const char *text, size_t max) {
  size_t n = text ? strlen(text) : 0;
  if (n > max) {
    n = max;
    while (n > 0 && ((uint8_t)text[n] & 0xc0u) == 0x80u) n--; /* never split a character */
  }
  p[0] = (uint8_t)n;
  if (n) memcpy(p + 1, text, n);
  return 1 + n;
}

size_t sc_msg_hello(uint8_t *p, const sc_hello_t *h) {
  sc_put_u32(p, h->boot_id);
  sc_put_u32(p + 4, h->capabilities);
  sc_put_u32(p + 8, h->audio_hz);
  sc_put_u32(p + 12, h->vibration_hz);
  sc_put_f32(p + 16, h->reading_hz);
  size_t at = 20;
  at += sc_put_short_text(p + at, h->device_id, 64);
  at += sc_put_short_text(p + at, h->firmware_version, SC_MAX_TEXT_FIELD);
  at += sc_put_short_text(p + at, h->model, SC_MAX_TEXT_FIELD);
  return at;
}

size_t sc_msg_reading(uint8_t *p, const sc_reading_t *r) {
  const float v[10] = {r->temperature_c, r->vib_x_g, r->vib_y_g, r->vib_z_g, r->current_a, r->power_w, r->audio_db, r->quality, r->suction_kpa, r->discharge_kpa};
  int n = r->has_pressure ? 10 : 8;
  for (int i = 0; i < n; i++) sc_put_f32(p + 4 * i, v[i]);
  return (size_t)n * 4u;
}

size_t sc_msg_status(uint8_t *p, const sc_status_t *s) {
  p[0] = s->battery_percent;
  p[1] = (uint8_t)s->rssi_dbm;
  sc_put_u16(p + 2, s->flags);
  sc_put_u32(p + 4, s->boot_id);
  sc_put_u64(p + 8, s->dropped_samples);
  sc_put_u32(p + 16, s->free_heap);
  return 20;
}

size_t sc_msg_log(uint8_t *p, uint8_t level, const char *text, size_t max_text) {
  size_t n = strlen(text);
  if (n > max_text) n = max_text;
  p[0] = level;
  memcpy(p + 1, text, n);
  return 1 + n;
}

size_t sc_msg_ack(uint8_t *p, uint16_t request_id, uint8_t op, uint8_t status, bool with_time, uint64_t echo_host_time_us) {
  sc_put_u16(p, request_id);
  p[2] = op;
  p[3] = status;
  if (!with_time) return 4;
  sc_put_u64(p + 4, echo_host_time_us);
  return 12;
}

size_t sc_msg_info(uint8_t *p, const sc_board_info_t *info, const char *firmware_version, const char *model) {
  sc_put_u32(p, info->flags);
  memcpy(p + 4, info->mac, 6);
  sc_put_u32(p + 10, info->flash_bytes);
  size_t at = 14;
  at += sc_put_short_text(p + at, info->name, SC_MAX_NAME_BYTES);
  at += sc_put_short_text(p + at, firmware_version, SC_MAX_TEXT_FIELD);
  at += sc_put_short_text(p + at, model, SC_MAX_TEXT_FIELD);
  at += sc_put_short_text(p + at, info->chip, SC_MAX_TEXT_FIELD);
  at += sc_put_short_text(p + at, info->idf_version, SC_MAX_TEXT_FIELD);
  at += sc_put_short_text(p + at, info->ip, SC_MAX_TEXT_FIELD);
  at += sc_put_short_text(p + at, info->ap_ssid, SC_MAX_SSID_BYTES);
  return at;
}

size_t sc_msg_audio_head(uint8_t *p, uint32_t rate, uint64_t first_sample) {
  sc_put_u32(p, rate);
  sc_put_u64(p + 4, first_sample);
  return 12;
}

size_t sc_msg_vibration_head(uint8_t *p, uint32_t rate, uint64_t first_sample, float scale_g) {
  sc_put_u32(p, rate);
  sc_put_u64(p + 4, first_sample);
  sc_put_f32(p + 12, scale_g);
  return 16;
}

void sc_put_i16s(uint8_t *p, const int16_t *values, size_t n) {
  for (size_t i = 0; i < n; i++) sc_put_u16(p + 2 * i, (uint16_t)values[i]);
}
