/*
 * The sensor: what it sends and how it answers, independent of the chip. The board layer
 * (components/board on the ESP32, host/sim on a PC) feeds it samples and bytes and drains what
 * it queues; it never blocks and never allocates.
 *
 * Threads: sc_ring_write (through sc_sensor_audio_ring / sc_sensor_vibration_ring) may run in
 * sampling tasks; every other call belongs to one link task.
 */
#ifndef SC_SENSOR_H
#define SC_SENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sc/bytering.h"
#include "sc/frame.h"
#include "sc/messages.h"
#include "sc/ring.h"

#ifndef SC_MAX_PORTS
#define SC_MAX_PORTS 2u
#endif
#ifndef SC_TX_BYTES
#define SC_TX_BYTES 16384u /* about 0.3 s of every stream at the default rates */
#endif
#define SC_RX_MAX 256u /* the largest command is SET_WIFI: 101 payload bytes */
#define SC_STATUS_INTERVAL_US 250000u
#define SC_SCRATCH_PAYLOAD 2048u

typedef enum { SC_PORT_USB = 0, SC_PORT_NET = 1 } sc_port_kind_t;

typedef struct {
  sc_port_kind_t kind;
  bool connected;
  uint32_t sequence;
  uint32_t streams;
  bool audio_pending, vibration_pending; /* started; sample 0 is the next block's first */
  uint64_t audio_base, vibration_base;   /* index since boot of each stream's sample 0 */
  uint64_t last_status_us;
  uint8_t rx[SC_RX_MAX];
  size_t rx_len;
  bool rx_skipping; /* a text line or an oversize segment, up to the next delimiter */
  sc_bytering_t tx;
  uint8_t tx_storage[SC_TX_BYTES];
  /* Counters since boot. */
  uint64_t frames_sent, frames_dropped, frames_unsent, bytes_queued, rx_bad;
} sc_port_t;

typedef struct {
  void *ctx;
  /* Reconfigure sampling (streams are all stopped). Pause the producers, call
   * sc_sensor_reset_rings, resume. Return false to refuse rates the hardware cannot do. */
  bool (*set_rates)(void *ctx, uint32_t audio_hz, uint32_t vibration_hz);
  void (*identify)(void *ctx, uint16_t seconds);
  /* Provisioning: store in flash. Never log or echo the password. */
  bool (*save_name)(void *ctx, const char *name);
  bool (*save_wifi)(void *ctx, const char *ssid, const char *password);
  void (*board_info)(void *ctx, sc_board_info_t *info);
  uint32_t (*free_heap)(void *ctx);
} sc_board_ops_t;

typedef struct {
  const char *device_id;
  const char *firmware_version;
  const char *model;
  uint32_t capabilities;
  uint32_t boot_id;
  uint32_t audio_hz;     /* 0: no microphone */
  uint32_t vibration_hz; /* 0: no accelerometer */
  float reading_hz;
  float vibration_scale_g;
  uint16_t audio_block;     /* samples per AUDIO frame */
  uint16_t vibration_block; /* samples per VIBRATION frame */
} sc_sensor_config_t;

/* Slow measurements and link facts, refreshed by the board. NaN / sentinels when absent. */
typedef struct {
  float temperature_c, current_a, power_w, quality;
  /* Absolute kPa (sc_transducer_kpa); sent only with SC_CAP_PRESSURE in the configuration. */
  float suction_kpa, discharge_kpa;
  uint8_t battery_percent;
  int8_t rssi_dbm;
  uint16_t status_flags;
} sc_slow_t;

typedef struct {
  sc_sensor_config_t cfg;
  sc_board_ops_t ops;
  sc_ring_t audio, vibration;
  sc_port_t ports[SC_MAX_PORTS];
  unsigned port_count;
  sc_slow_t slow;
  /* Since the last READING. */
  double audio_sq;
  uint64_t audio_n;
  double vib_sum[3], vib_sq[3];
  uint64_t vib_n;
  uint64_t reading_epoch_us, readings_taken;
  uint64_t link_dropped_samples; /* blocks that found a send buffer full */
  uint64_t identify_until_us;
  uint64_t now_us;
  uint8_t raw[SC_RAW_FRAME_BYTES(SC_SCRATCH_PAYLOAD)];
  uint8_t wire[SC_WIRE_FRAME_MAX(SC_SCRATCH_PAYLOAD)];
  uint8_t rx_raw[SC_RX_MAX];
} sc_sensor_t;

/* False when the configuration is impossible (blocks larger than the rings hold). */
bool sc_sensor_init(sc_sensor_t *s, const sc_sensor_config_t *cfg, const sc_board_ops_t *ops, uint64_t now_us);
/* Adds a link (USB, or the network server); returns its index. */
int sc_sensor_add_port(sc_sensor_t *s, sc_port_kind_t kind, bool connected);
/* Sends the boot announcement (a delimiter, HELLO, a LOG line) on every port. */
void sc_sensor_boot(sc_sensor_t *s, uint64_t now_us);
/* A client came or went (TCP). Streams keep running: a returning app sees the gap and carries on. */
void sc_sensor_port_connected(sc_sensor_t *s, int port, bool connected);

/* Bytes from the app. */
void sc_sensor_receive(sc_sensor_t *s, int port, const uint8_t *data, size_t len, uint64_t now_us);
/* Builds the frames that are due; call every few milliseconds. */
void sc_sensor_poll(sc_sensor_t *s, uint64_t now_us);
void sc_sensor_set_slow(sc_sensor_t *s, const sc_slow_t *slow);
/* A LOG frame on every port. */
void sc_sensor_log(sc_sensor_t *s, uint8_t level, const char *text);

/* The producers' rings. */
static inline sc_ring_t *sc_sensor_audio_ring(sc_sensor_t *s) { return &s->audio; }
static inline sc_ring_t *sc_sensor_vibration_ring(sc_sensor_t *s) { return &s->vibration; }
/* Only from the board's set_rates (producers paused). */
void sc_sensor_reset_rings(sc_sensor_t *s, uint32_t audio_hz, uint32_t vibration_hz);

/* The transport drains this: the oldest contiguous queued bytes, then consume what was written. */
size_t sc_sensor_tx_peek(sc_sensor_t *s, int port, const uint8_t **data);
void sc_sensor_tx_consume(sc_sensor_t *s, int port, size_t n);

/* Samples the sensor dropped since boot (full rings and full send buffers): STATUS reports it. */
uint64_t sc_sensor_dropped_samples(const sc_sensor_t *s);
uint32_t sc_sensor_any_streams(const sc_sensor_t *s);

#endif
