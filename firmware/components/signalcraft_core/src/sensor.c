#include <math.h>
#include <string.h>

#include "sc/protocol.h"
#include "sensor_internal.h"

bool sc_sensor_init(sc_sensor_t *s, const sc_sensor_config_t *cfg, const sc_board_ops_t *ops, uint64_t now_us) {
  memset(s, 0, sizeof *s);
  s->cfg = *cfg;
  s->ops = *ops;
  if (!sc_ring_init(&s->audio, 1, cfg->audio_block, cfg->audio_hz)) return false;
  if (!sc_ring_init(&s->vibration, 3, cfg->vibration_block, cfg->vibration_hz)) return false;
  s->slow = (sc_slow_t){.temperature_c = NAN, .current_a = NAN, .power_w = NAN, .quality = NAN, .suction_kpa = NAN, .discharge_kpa = NAN,
                        .battery_percent = SC_STATUS_BATTERY_ABSENT, .rssi_dbm = SC_STATUS_RSSI_ABSENT, .status_flags = 0};
  s->reading_epoch_us = now_us;
  s->now_us = now_us;
  return true;
}

int sc_sensor_add_port(sc_sensor_t *s, sc_port_kind_t kind, bool connected) {
  if (s->port_count >= SC_MAX_PORTS) return -1;
  sc_port_t *p = &s->ports[s->port_count];
  memset(p, 0, sizeof *p);
  p->kind = kind;
  p->connected = connected;
  p->last_status_us = s->now_us;
  sc_bytering_init(&p->tx, p->tx_storage, sizeof p->tx_storage);
  return (int)s->port_count++;
}

void sc_sensor_boot(sc_sensor_t *s, uint64_t now_us) {
  s->now_us = now_us;
  char line[96];
  for (unsigned i = 0; i < s->port_count; i++) {
    sc_send_hello(s, &s->ports[i]);
    strcpy(line, "booted, firmware ");
    strncat(line, s->cfg.firmware_version, sizeof line - strlen(line) - 1);
    sc_send_log(s, &s->ports[i], SC_LOG_INFO, line);
  }
}

void sc_sensor_port_connected(sc_sensor_t *s, int port, bool connected) {
  if (port < 0 || (unsigned)port >= s->port_count) return;
  sc_port_t *p = &s->ports[port];
  p->connected = connected;
  /* A new connection starts at a frame boundary and hears nothing meant for the old one. */
  sc_bytering_clear(&p->tx);
  p->rx_len = 0;
  p->rx_skipping = false;
}

void sc_sensor_set_slow(sc_sensor_t *s, const sc_slow_t *slow) { s->slow = *slow; }

void sc_sensor_reset_rings(sc_sensor_t *s, uint32_t audio_hz, uint32_t vibration_hz) {
  sc_ring_init(&s->audio, 1, s->cfg.audio_block, audio_hz);
  sc_ring_init(&s->vibration, 3, s->cfg.vibration_block, vibration_hz);
}

bool sc_send(sc_sensor_t *s, sc_port_t *p, uint8_t type, uint64_t time_us, size_t payload_len) {
  uint32_t sequence = p->sequence++;
  if (!p->connected) {
    p->frames_unsent++; /* nobody listening: built and lost, as with the cable pulled */
    return false;
  }
  size_t raw_len = sc_frame_seal(s->raw, type, sequence, time_us, (uint16_t)payload_len);
  size_t wire_len = sc_frame_wrap(s->raw, raw_len, s->wire);
  if (!sc_bytering_put(&p->tx, s->wire, wire_len)) {
    p->frames_dropped++; /* the link is slower than the sensor: drop, never wait */
    return false;
  }
  p->frames_sent++;
  p->bytes_queued += wire_len;
  return true;
}

void sc_send_hello(sc_sensor_t *s, sc_port_t *p) {
  sc_hello_t h = {
      .boot_id = s->cfg.boot_id,
      .capabilities = s->cfg.capabilities,
      .audio_hz = s->cfg.audio_hz,
      .vibration_hz = s->cfg.vibration_hz,
      .reading_hz = s->cfg.reading_hz,
      .device_id = s->cfg.device_id,
      .firmware_version = s->cfg.firmware_version,
      .model = s->cfg.model,
  };
  static const uint8_t delimiter = 0;
  if (p->connected) sc_bytering_put(&p->tx, &delimiter, 1);
  sc_send(s, p, SC_MSG_HELLO, s->now_us, sc_msg_hello(sc_payload(s), &h));
}

void sc_send_log(sc_sensor_t *s, sc_port_t *p, uint8_t level, const char *text) {
  sc_send(s, p, SC_MSG_LOG, s->now_us, sc_msg_log(sc_payload(s), level, text, SC_SCRATCH_PAYLOAD - 1));
}

void sc_sensor_log(sc_sensor_t *s, uint8_t level, const char *text) {
  for (unsigned i = 0; i < s->port_count; i++) sc_send_log(s, &s->ports[i], level, text);
}

uint64_t sc_sensor_dropped_samples(const sc_sensor_t *s) {
  return sc_ring_dropped_samples(&s->audio) + sc_ring_dropped_samples(&s->vibration) + s->link_dropped_samples;
}

uint32_t sc_sensor_any_streams(const sc_sensor_t *s) {
  uint32_t any = 0;
  for (unsigned i = 0; i < s->port_count; i++) any |= s->ports[i].streams;
  return any;
}

/* One block to every port streaming it; the payload head differs per port (its own sample 0). */
static void send_block(sc_sensor_t *s, const sc_block_t *b, bool audio) {
  const sc_ring_t *r = audio ? &s->audio : &s->vibration;
  uint32_t bit = audio ? SC_STREAM_AUDIO : SC_STREAM_VIBRATION;
  size_t values = (size_t)r->block_samples * r->channels;
  bool body_written = false;
  for (unsigned i = 0; i < s->port_count; i++) {
    sc_port_t *p = &s->ports[i];
    if (!(p->streams & bit)) continue;
    bool *pending = audio ? &p->audio_pending : &p->vibration_pending;
    uint64_t *base = audio ? &p->audio_base : &p->vibration_base;
    if (*pending) {
      *base = b->first_index;
      *pending = false;
    }
    if (b->first_index < *base) continue;
    uint64_t index = b->first_index - *base;
    size_t head = audio ? sc_msg_audio_head(sc_payload(s), r->rate_hz, index)
                        : sc_msg_vibration_head(sc_payload(s), r->rate_hz, index, s->cfg.vibration_scale_g);
    if (!body_written) {
      sc_put_i16s(sc_payload(s) + head, b->values, values);
      body_written = true;
    }
    if (!sc_send(s, p, audio ? SC_MSG_AUDIO : SC_MSG_VIBRATION, b->first_time_us, head + values * 2) && p->connected) {
      s->link_dropped_samples += r->block_samples;
    }
  }
}

static void drain_audio(sc_sensor_t *s) {
  const sc_block_t *b;
  while ((b = sc_ring_peek(&s->audio)) != NULL) {
    for (unsigned i = 0; i < s->audio.block_samples; i++) {
      double v = b->values[i] / 32768.0;
      s->audio_sq += v * v;
    }
    s->audio_n += s->audio.block_samples;
    send_block(s, b, true);
    sc_ring_release(&s->audio);
  }
}

static void drain_vibration(sc_sensor_t *s) {
  const sc_block_t *b;
  while ((b = sc_ring_peek(&s->vibration)) != NULL) {
    for (unsigned i = 0; i < s->vibration.block_samples; i++) {
      for (int axis = 0; axis < 3; axis++) {
        double v = b->values[i * 3 + axis] * (double)s->cfg.vibration_scale_g;
        s->vib_sum[axis] += v;
        s->vib_sq[axis] += v * v;
      }
    }
    s->vib_n += s->vibration.block_samples;
    send_block(s, b, false);
    sc_ring_release(&s->vibration);
  }
}

/* AC RMS (gravity is the sensor's orientation, not vibration), as electron/node/features/sensors/vibration-rms.ts. */
static float axis_rms(const sc_sensor_t *s, int axis) {
  double n = (double)s->vib_n;
  double mean = s->vib_sum[axis] / n;
  double var = s->vib_sq[axis] / n - mean * mean;
  return (float)sqrt(var > 0 ? var : 0);
}

static void send_readings(sc_sensor_t *s, uint64_t now_us) {
  if (s->cfg.reading_hz <= 0) return;
  double period_us = 1e6 / s->cfg.reading_hz;
  uint64_t since = now_us - s->reading_epoch_us;
  /* After a long stall, one reading for the lot: readings are averages, not samples. */
  if ((double)since > (double)(s->readings_taken + 10) * period_us) s->readings_taken = (uint64_t)((double)since / period_us) - 1;
  while ((double)(s->readings_taken + 1) * period_us <= (double)since) {
    s->readings_taken++;
    bool has_vib = s->vib_n >= 2;
    sc_reading_t r = {
        .temperature_c = s->slow.temperature_c,
        .vib_x_g = has_vib ? axis_rms(s, 0) : NAN,
        .vib_y_g = has_vib ? axis_rms(s, 1) : NAN,
        .vib_z_g = has_vib ? axis_rms(s, 2) : NAN,
        .current_a = s->slow.current_a,
        .power_w = s->slow.power_w,
        /* The I2S microphone reads -26 dBFS at 94 dB SPL. */
        .audio_db = s->audio_n > 0 ? (float)(20.0 * log10(sqrt(s->audio_sq / (double)s->audio_n) + 1e-9) + 120.0) : NAN,
        .quality = s->slow.quality,
        .has_pressure = (s->cfg.capabilities & SC_CAP_PRESSURE) != 0,
        .suction_kpa = s->slow.suction_kpa,
        .discharge_kpa = s->slow.discharge_kpa,
    };
    s->audio_sq = 0;
    s->audio_n = 0;
    memset(s->vib_sum, 0, sizeof s->vib_sum);
    memset(s->vib_sq, 0, sizeof s->vib_sq);
    s->vib_n = 0;
    size_t n = sc_msg_reading(sc_payload(s), &r);
    for (unsigned i = 0; i < s->port_count; i++) {
      if (s->ports[i].streams & SC_STREAM_READING) sc_send(s, &s->ports[i], SC_MSG_READING, now_us, n);
    }
  }
}

static void send_status(sc_sensor_t *s, uint64_t now_us) {
  for (unsigned i = 0; i < s->port_count; i++) {
    sc_port_t *p = &s->ports[i];
    if (now_us - p->last_status_us < SC_STATUS_INTERVAL_US) continue;
    p->last_status_us = now_us;
    uint16_t flags = s->slow.status_flags & (uint16_t)~SC_STATUS_IDENTIFYING;
    if (now_us < s->identify_until_us) flags |= SC_STATUS_IDENTIFYING;
    sc_status_t st = {
        .battery_percent = s->slow.battery_percent,
        .rssi_dbm = s->slow.rssi_dbm,
        .flags = flags,
        .boot_id = s->cfg.boot_id,
        .dropped_samples = sc_sensor_dropped_samples(s),
        .free_heap = s->ops.free_heap ? s->ops.free_heap(s->ops.ctx) : 0,
    };
    sc_send(s, p, SC_MSG_STATUS, now_us, sc_msg_status(sc_payload(s), &st));
  }
}

void sc_sensor_poll(sc_sensor_t *s, uint64_t now_us) {
  s->now_us = now_us;
  drain_audio(s);
  drain_vibration(s);
  send_readings(s, now_us);
  send_status(s, now_us);
}

size_t sc_sensor_tx_peek(sc_sensor_t *s, int port, const uint8_t **data) {
  if (port < 0 || (unsigned)port >= s->port_count) return 0;
  return sc_bytering_peek(&s->ports[port].tx, data);
}

void sc_sensor_tx_consume(sc_sensor_t *s, int port, size_t n) {
  if (port < 0 || (unsigned)port >= s->port_count) return;
  sc_bytering_consume(&s->ports[port].tx, n);
}
