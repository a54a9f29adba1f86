/*
 * Seeded random-input test of the decoder and the command handler, run under AddressSanitizer and
 * UndefinedBehaviorSanitizer (`make fuzz`): malformed input must never crash the sensor, never make
 * it emit a damaged frame, and never stop it answering a good command afterwards.
 * FUZZ_SEED=<n> repeats a run; FUZZ_ROUNDS=<n> changes its length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "helpers.h"
#include "sc/wire.h"

static uint64_t rng;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 11);
}

static bool ok_rates(void *c, uint32_t a, uint32_t v) {
  (void)c;
  (void)a;
  (void)v;
  return true;
}
static bool ok_name(void *c, const char *n) {
  (void)c;
  (void)n;
  return true;
}
static bool ok_wifi(void *c, const char *s, const char *p) {
  (void)c;
  (void)s;
  (void)p;
  return true;
}

static sc_sensor_t sensor;
static test_frame_t frames[2048];
static uint8_t wire[1 << 20];

int main(void) {
  const char *seed_env = getenv("FUZZ_SEED");
  uint64_t seed = seed_env ? strtoull(seed_env, NULL, 10) : (uint64_t)time(NULL);
  long rounds = getenv("FUZZ_ROUNDS") ? atol(getenv("FUZZ_ROUNDS")) : 20000;
  printf("fuzz: seed %llu, %ld rounds (repeat with FUZZ_SEED=%llu)\n", (unsigned long long)seed, rounds, (unsigned long long)seed);
  rng = seed * 2654435761u + 1;

  sc_sensor_config_t cfg = {"fuzz", "0.0.0", "fuzz", SC_CAP_AUDIO | SC_CAP_VIBRATION, 1, 16000, 3200, 2, 1.0f / 256, 256, 64};
  sc_board_ops_t ops = {.set_rates = ok_rates, .save_name = ok_name, .save_wifi = ok_wifi};
  if (!sc_sensor_init(&sensor, &cfg, &ops, 0)) return 2;
  sc_sensor_add_port(&sensor, SC_PORT_USB, true);
  sc_sensor_add_port(&sensor, SC_PORT_NET, true);

  uint64_t now = 0;
  uint8_t buf[1024], raw[600];
  int16_t samples[96] = {0};
  long emitted = 0;
  for (long round = 0; round < rounds; round++) {
    int port = (int)(next() % 2);
    size_t n = next() % sizeof buf;
    switch (next() % 4) {
      case 0: /* noise, biased towards the bytes that matter to a framer */
        for (size_t i = 0; i < n; i++) {
          uint32_t r = next();
          buf[i] = (r & 3) == 0 ? (uint8_t)(r >> 8) % 5 : (uint8_t)(r >> 8);
        }
        break;
      case 1: { /* a well-framed command with random op and arguments */
        size_t args = next() % 120;
        uint8_t a[120];
        for (size_t i = 0; i < args; i++) a[i] = (uint8_t)next();
        n = test_command(buf, (uint16_t)next(), (uint8_t)(next() % 12), a, args);
        break;
      }
      case 2: { /* a valid command frame with bits flipped */
        uint8_t a[8];
        for (size_t i = 0; i < 8; i++) a[i] = (uint8_t)next();
        n = test_command(buf, 1, (uint8_t)(1 + next() % 9), a, next() % 9);
        for (int k = next() % 4; k >= 0; k--) buf[next() % n] ^= (uint8_t)(1u << (next() % 8));
        break;
      }
      default: /* a frame whose header lies about its length or type */
        for (size_t i = 0; i < 40; i++) raw[SC_HEADER_BYTES + i] = (uint8_t)next();
        n = sc_frame_seal(raw, (uint8_t)next(), next(), next(), (uint16_t)(next() % 40));
        raw[16] = (uint8_t)next();
        n = sc_frame_wrap(raw, n, buf);
        break;
    }
    /* Delivered in random pieces, as a serial port does. */
    size_t at = 0;
    while (at < n) {
      size_t piece = 1 + next() % (n - at);
      sc_sensor_receive(&sensor, port, buf + at, piece, now);
      at += piece;
    }
    if (next() % 8 == 0) {
      sc_ring_write(sc_sensor_audio_ring(&sensor), samples, 96, now);
      sc_ring_write(sc_sensor_vibration_ring(&sensor), samples, 32, now);
    }
    if (next() % 50 == 0) sc_sensor_port_connected(&sensor, port, next() % 4 != 0);
    now += next() % 20000;
    sc_sensor_poll(&sensor, now);
    if (next() % 16 == 0) {
      /* Whatever the sensor queued is whole frames: every segment decodes. */
      for (int p = 0; p < 2; p++) {
        size_t len = test_drain_bytes(&sensor, p, wire, sizeof wire);
        size_t zeros = 0, segments = 0;
        for (size_t i = 0; i < len; i++) {
          if (wire[i] == 0) {
            zeros++;
            if (i > 0 && wire[i - 1] != 0) segments++;
          }
        }
        size_t decoded = test_decode_wire(wire, len, frames, 2048);
        if (decoded != segments && segments <= 2048) {
          fprintf(stderr, "fuzz: the sensor queued a damaged frame (seed %llu, round %ld)\n", (unsigned long long)seed, round);
          return 1;
        }
        emitted += (long)decoded;
        (void)zeros;
      }
    }
  }
  /* Still answering. */
  for (int p = 0; p < 2; p++) {
    sc_sensor_port_connected(&sensor, p, true);
    size_t n = test_command(buf, 77, SC_OP_HELLO, NULL, 0);
    uint8_t zero = 0;
    sc_sensor_receive(&sensor, p, &zero, 1, now);
    sc_sensor_receive(&sensor, p, buf, n, now);
    size_t f = test_drain(&sensor, p, frames, 16);
    if (f < 2 || frames[f - 1].type != SC_MSG_ACK || sc_get_u16(frames[f - 1].payload) != 77) {
      fprintf(stderr, "fuzz: the sensor stopped answering on port %d (seed %llu)\n", p, (unsigned long long)seed);
      return 1;
    }
  }
  printf("fuzz: ok, %ld frames checked\n", emitted);
  return 0;
}
