/*
 * The app's side of the conversation: bytes in, commands decoded, answers queued. Whatever
 * arrives (noise, text, half frames, frames of other types, commands with wrong arguments), this
 * never reads outside its buffers and answers every command it can read with an ACK.
 */
#include <string.h>

#include "sc/protocol.h"
#include "sc/wire.h"
#include "sensor_internal.h"

/* The compiler may not drop this: credentials must not linger in RAM after use. */
static void wipe(void *p, size_t n) {
  volatile uint8_t *v = (volatile uint8_t *)p;
  while (n--) *v++ = 0;
}

static void ack(sc_sensor_t *s, sc_port_t *p, uint16_t request_id, uint8_t op, uint8_t status) {
  sc_send(s, p, SC_MSG_ACK, s->now_us, sc_msg_ack(sc_payload(s), request_id, op, status, false, 0));
}

/* Valid UTF-8 with no control characters: a name a person gave and other people will read. */
static bool readable_utf8(const uint8_t *b, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = b[i];
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= n) return false;
    for (size_t k = 1; k <= extra; k++) {
      if ((b[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b[i + k] & 0x3f);
    }
    static const uint32_t min_cp[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0)) return false;
    i += 1 + extra;
  }
  return true;
}

static uint8_t set_rates(sc_sensor_t *s, const uint8_t *a) {
  uint32_t audio = sc_get_u32(a), vib = sc_get_u32(a + 4);
  float readings = sc_get_f32(a + 8);
  bool ok = (audio == 0 || (audio >= 8000 && audio <= 48000 && s->cfg.audio_hz != 0)) &&
            (vib == 0 || (vib >= 100 && vib <= 3200 && s->cfg.vibration_hz != 0)) &&
            (readings == 0 || (readings >= 0.1f && readings <= 10.0f));
  if (!ok) return SC_ACK_BAD_ARGUMENTS;
  if (sc_sensor_any_streams(s)) return SC_ACK_BUSY;
  uint32_t new_audio = audio ? audio : s->cfg.audio_hz;
  uint32_t new_vib = vib ? vib : s->cfg.vibration_hz;
  if ((audio || vib) && s->ops.set_rates && !s->ops.set_rates(s->ops.ctx, new_audio, new_vib)) return SC_ACK_BAD_ARGUMENTS;
  s->cfg.audio_hz = new_audio;
  s->cfg.vibration_hz = new_vib;
  if (readings > 0) {
    s->cfg.reading_hz = readings;
    s->reading_epoch_us = s->now_us;
    s->readings_taken = 0;
  }
  return SC_ACK_OK;
}

static uint8_t set_name(sc_sensor_t *s, sc_port_t *p, const uint8_t *a, size_t n) {
  if (p->kind != SC_PORT_USB) return SC_ACK_NOT_ALLOWED;
  if (n < 1 || a[0] < 1 || a[0] > SC_MAX_NAME_BYTES || n != 1u + a[0] || !readable_utf8(a + 1, a[0])) return SC_ACK_BAD_ARGUMENTS;
  char name[SC_MAX_NAME_BYTES + 1];
  memcpy(name, a + 1, a[0]);
  name[a[0]] = 0;
  if (!s->ops.save_name || !s->ops.save_name(s->ops.ctx, name)) return SC_ACK_FAILED;
  return SC_ACK_OK;
}

/* ssid (u8 length, 0 to forget the network), password (u8 length: 0 for an open network, or 8-63). */
static uint8_t set_wifi(sc_sensor_t *s, sc_port_t *p, const uint8_t *a, size_t n) {
  if (p->kind != SC_PORT_USB) return SC_ACK_NOT_ALLOWED;
  if (n < 2) return SC_ACK_BAD_ARGUMENTS;
  size_t ssid_len = a[0];
  if (ssid_len > SC_MAX_SSID_BYTES || n < 2 + ssid_len) return SC_ACK_BAD_ARGUMENTS;
  size_t pass_len = a[1 + ssid_len];
  if (n != 2 + ssid_len + pass_len) return SC_ACK_BAD_ARGUMENTS;
  if (ssid_len == 0 && pass_len != 0) return SC_ACK_BAD_ARGUMENTS;
  if (pass_len != 0 && (pass_len < SC_MIN_PASSWORD_BYTES || pass_len > SC_MAX_PASSWORD_BYTES)) return SC_ACK_BAD_ARGUMENTS;
  const uint8_t *ssid_bytes = a + 1, *pass_bytes = a + 2 + ssid_len;
  for (size_t i = 0; i < ssid_len; i++) {
    if (ssid_bytes[i] == 0) return SC_ACK_BAD_ARGUMENTS;
  }
  for (size_t i = 0; i < pass_len; i++) {
    if (pass_bytes[i] < 0x20 || pass_bytes[i] > 0x7e) return SC_ACK_BAD_ARGUMENTS; /* WPA2 passphrases are printable ASCII */
  }
  char ssid[SC_MAX_SSID_BYTES + 1], password[SC_MAX_PASSWORD_BYTES + 1];
  memcpy(ssid, ssid_bytes, ssid_len);
  ssid[ssid_len] = 0;
  memcpy(password, pass_bytes, pass_len);
  password[pass_len] = 0;
  bool saved = s->ops.save_wifi && s->ops.save_wifi(s->ops.ctx, ssid, password);
  wipe(ssid, sizeof ssid);
  wipe(password, sizeof password);
  return saved ? SC_ACK_OK : SC_ACK_FAILED;
}

static void send_info(sc_sensor_t *s, sc_port_t *p) {
  sc_board_info_t info;
  memset(&info, 0, sizeof info);
  if (s->ops.board_info) s->ops.board_info(s->ops.ctx, &info);
  info.name[sizeof info.name - 1] = 0;
  info.chip[sizeof info.chip - 1] = 0;
  info.idf_version[sizeof info.idf_version - 1] = 0;
  info.ip[sizeof info.ip - 1] = 0;
  info.ap_ssid[sizeof info.ap_ssid - 1] = 0;
  sc_send(s, p, SC_MSG_INFO, s->now_us, sc_msg_info(sc_payload(s), &info, s->cfg.firmware_version, s->cfg.model));
}

void sc_handle_command(sc_sensor_t *s, sc_port_t *p, const sc_frame_t *f) {
  if (f->type != SC_MSG_COMMAND || f->payload_len < 3) return;
  uint16_t id = sc_get_u16(f->payload);
  uint8_t op = f->payload[2];
  const uint8_t *a = f->payload + 3;
  size_t n = (size_t)f->payload_len - 3;
  switch (op) {
    case SC_OP_HELLO:
      if (n != 0) break;
      sc_send_hello(s, p);
      ack(s, p, id, op, SC_ACK_OK);
      return;
    case SC_OP_START:
    case SC_OP_STOP: {
      if (n != 4) break;
      uint32_t streams = sc_get_u32(a) & SC_ALL_STREAMS;
      if (op == SC_OP_START) {
        /* A stream already running is unchanged: its sample index carries on. */
        if ((streams & SC_STREAM_AUDIO) && !(p->streams & SC_STREAM_AUDIO)) p->audio_pending = true;
        if ((streams & SC_STREAM_VIBRATION) && !(p->streams & SC_STREAM_VIBRATION)) p->vibration_pending = true;
        p->streams |= streams;
      } else {
        p->streams &= ~streams;
      }
      ack(s, p, id, op, SC_ACK_OK);
      return;
    }
    case SC_OP_SET_RATES:
      if (n != 12) break;
      ack(s, p, id, op, set_rates(s, a));
      return;
    case SC_OP_IDENTIFY: {
      if (n != 2) break;
      uint16_t seconds = sc_get_u16(a);
      s->identify_until_us = s->now_us + (uint64_t)seconds * 1000000u;
      if (s->ops.identify) s->ops.identify(s->ops.ctx, seconds);
      ack(s, p, id, op, SC_ACK_OK);
      return;
    }
    case SC_OP_TIME_SYNC:
      if (n != 8) break;
      /* The ACK's header carries the sensor's time, taken as late as possible. */
      sc_send(s, p, SC_MSG_ACK, s->now_us, sc_msg_ack(sc_payload(s), id, op, SC_ACK_OK, true, sc_get_u64(a)));
      return;
    case SC_OP_INFO:
      if (n != 0) break;
      send_info(s, p);
      ack(s, p, id, op, SC_ACK_OK);
      return;
    case SC_OP_SET_NAME:
      ack(s, p, id, op, set_name(s, p, a, n));
      return;
    case SC_OP_SET_WIFI:
      ack(s, p, id, op, set_wifi(s, p, a, n));
      return;
    default:
      ack(s, p, id, op, SC_ACK_UNKNOWN_COMMAND);
      return;
  }
  ack(s, p, id, op, SC_ACK_BAD_ARGUMENTS);
}

static void segment_end(sc_sensor_t *s, sc_port_t *p) {
  if (p->rx_len > 0 && !p->rx_skipping) {
    long n = sc_cobs_decode(p->rx, p->rx_len, s->rx_raw, sizeof s->rx_raw);
    sc_frame_t f;
    if (n < 0 || sc_frame_parse(s->rx_raw, (size_t)n, &f) != SC_FRAME_OK) {
      p->rx_bad++;
    } else {
      sc_handle_command(s, p, &f);
    }
    /* A SET_WIFI command held a password: nothing of it stays behind. */
    wipe(p->rx, p->rx_len);
    wipe(s->rx_raw, sizeof s->rx_raw);
  } else if (p->rx_skipping && p->rx_len > 0) {
    p->rx_bad++;
  }
  p->rx_len = 0;
  p->rx_skipping = false;
}

void sc_sensor_receive(sc_sensor_t *s, int port, const uint8_t *data, size_t len, uint64_t now_us) {
  if (port < 0 || (unsigned)port >= s->port_count) return;
  sc_port_t *p = &s->ports[port];
  s->now_us = now_us;
  for (size_t i = 0; i < len; i++) {
    uint8_t b = data[i];
    if (b == 0) {
      segment_end(s, p);
      continue;
    }
    if (p->rx_skipping) continue;
    /* A frame's first byte is its COBS code, at most 4 (header byte 3 is zero); anything else is text. */
    if (p->rx_len == 0 && b > 4) {
      p->rx_skipping = true;
      continue;
    }
    if (p->rx_len >= sizeof p->rx) {
      wipe(p->rx, p->rx_len);
      p->rx_skipping = true;
      p->rx_len = 1; /* counted as bad at the delimiter */
      continue;
    }
    p->rx[p->rx_len++] = b;
  }
}
