/* The firmware-in-the-loop sensor: the portable core on a PC, behind a pty and a TCP server. */
#ifndef SC_HOST_H
#define SC_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "sc/sensor.h"

uint64_t host_now_us(void);

/* Synthesized compressor: audio and vibration as the board's drivers would deliver them. */
typedef struct {
  uint64_t audio_taken, vibration_taken;
  uint32_t rng;
  double phase;
} synth_t;
void synth_init(synth_t *s, uint32_t seed);
/* Writes every sample due by now_us into the core's rings, in the bursts the real drivers use. */
void synth_produce(synth_t *s, sc_sensor_t *sensor, uint64_t now_us);
void synth_reset(synth_t *s, uint64_t now_us, uint32_t audio_hz, uint32_t vibration_hz);

/* Provisioning storage: a file standing in for NVS. */
typedef struct {
  const char *state_path;
  char name[SC_MAX_NAME_BYTES + 1];
  char ssid[SC_MAX_SSID_BYTES + 1];
  bool wifi_configured;
  bool tcp;
  uint32_t tcp_port;
  const char *device_id;
  sc_sensor_t *sensor;
  synth_t *synth;
} host_board_t;
void host_board_load(host_board_t *b);
sc_board_ops_t host_board_ops(host_board_t *b);

/* Links. Each returns false with a message on stderr when it cannot start. */
typedef struct {
  int master;
  int port; /* the core's port index */
  bool connected;
  char link_path[512];
  char record_path[512];
} pty_link_t;
bool pty_open(pty_link_t *l, const char *dir, const char *name);
void pty_close(pty_link_t *l);
/* Checks for the app opening or closing its end; moves bytes both ways. */
void pty_service(pty_link_t *l, sc_sensor_t *s, bool readable);

typedef struct {
  int listen_fd;
  int client;
  int port;
  uint16_t bound_port;
} tcp_link_t;
bool tcp_open(tcp_link_t *l, const char *host, uint16_t port);
void tcp_close(tcp_link_t *l);
void tcp_accept(tcp_link_t *l, sc_sensor_t *s);
void tcp_drop(tcp_link_t *l, sc_sensor_t *s);
void tcp_service(tcp_link_t *l, sc_sensor_t *s, bool readable);

/* stdin/stdout as the USB port (for protocol tests: frames in, frames out). */
void stdio_service(int port, sc_sensor_t *s, bool readable, bool *eof);

#endif
