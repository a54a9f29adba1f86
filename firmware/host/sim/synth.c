/*
 * A running compressor, synthesized: a 49 Hz rotation with harmonics and broadband noise in the
 * microphone, the same rotation and 1 g of gravity on z in the accelerometer. Enough for the app to
 * record, draw and diagnose; the point is the protocol, not the sound.
 */
#include <math.h>

#include "host.h"

#define AUDIO_BURST 64u     /* an I2S DMA buffer */
#define VIBRATION_BURST 32u /* the ADXL345's FIFO, read in one SPI burst */

void synth_init(synth_t *s, uint32_t seed) {
  s->audio_taken = 0;
  s->vibration_taken = 0;
  s->rng = seed ? seed : 1;
  s->phase = 0;
}

void synth_reset(synth_t *s, uint64_t now_us, uint32_t audio_hz, uint32_t vibration_hz) {
  s->audio_taken = now_us * audio_hz / 1000000u;
  s->vibration_taken = now_us * vibration_hz / 1000000u;
}

static double noise(synth_t *s) {
  s->rng = s->rng * 1664525u + 1013904223u;
  return ((double)(s->rng >> 8) / 16777216.0) * 2.0 - 1.0;
}

static int16_t clamp16(double v) {
  if (v > 32767) return 32767;
  if (v < -32768) return -32768;
  return (int16_t)lrint(v);
}

void synth_produce(synth_t *s, sc_sensor_t *sensor, uint64_t now_us) {
  sc_ring_t *audio = sc_sensor_audio_ring(sensor);
  sc_ring_t *vib = sc_sensor_vibration_ring(sensor);
  int16_t buf[VIBRATION_BURST * 3 > AUDIO_BURST ? VIBRATION_BURST * 3 : AUDIO_BURST];
  const double two_pi = 6.283185307179586;
  while (audio->rate_hz && (s->audio_taken + AUDIO_BURST) * 1000000u <= now_us * audio->rate_hz) {
    uint64_t t0 = s->audio_taken * 1000000u / audio->rate_hz;
    for (unsigned i = 0; i < AUDIO_BURST; i++) {
      double t = (double)(s->audio_taken + i) / audio->rate_hz;
      double v = 2500 * sin(two_pi * 49 * t) + 1200 * sin(two_pi * 98 * t) + 600 * sin(two_pi * 1170 * t) + 400 * noise(s);
      buf[i] = clamp16(v);
    }
    sc_ring_write(audio, buf, AUDIO_BURST, t0);
    s->audio_taken += AUDIO_BURST;
  }
  while (vib->rate_hz && (s->vibration_taken + VIBRATION_BURST) * 1000000u <= now_us * vib->rate_hz) {
    uint64_t t0 = s->vibration_taken * 1000000u / vib->rate_hz;
    for (unsigned i = 0; i < VIBRATION_BURST; i++) {
      double t = (double)(s->vibration_taken + i) / vib->rate_hz;
      double r = sin(two_pi * 49 * t);
      buf[i * 3] = clamp16(256 * (0.08 * r + 0.01 * noise(s)));
      buf[i * 3 + 1] = clamp16(256 * (0.05 * cos(two_pi * 49 * t) + 0.01 * noise(s)));
      buf[i * 3 + 2] = clamp16(256 * (1.0 + 0.03 * r + 0.01 * noise(s)));
    }
    sc_ring_write(vib, buf, VIBRATION_BURST, t0);
    s->vibration_taken += VIBRATION_BURST;
  }
}
