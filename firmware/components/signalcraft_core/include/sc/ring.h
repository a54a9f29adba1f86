/*
 * Sample rings between a sampling task (the producer: I2S DMA, the ADXL345 FIFO reader) and the
 * link task (the consumer). Samples are grouped in fixed blocks, one block per frame. A block
 * that finds the ring full is dropped whole and counted: the producer never waits, and the
 * absolute index of every block stays true, so the receiver sees exactly which samples are gone.
 *
 * Single producer, single consumer, lock-free (C11 atomics: on the ESP32 two tasks on two cores).
 */
#ifndef SC_RING_H
#define SC_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef SC_RING_BLOCKS
#define SC_RING_BLOCKS 16u /* a power of two */
#endif
#ifndef SC_RING_MAX_BLOCK_VALUES
#define SC_RING_MAX_BLOCK_VALUES 384u /* 256 audio samples, or 128 x/y/z vibration samples */
#endif

typedef struct {
  uint64_t first_index;   /* samples taken since boot, before this block's first */
  uint64_t first_time_us; /* capture time of the first sample, on the sensor's clock */
  int16_t values[SC_RING_MAX_BLOCK_VALUES];
} sc_block_t;

typedef struct {
  sc_block_t blocks[SC_RING_BLOCKS];
  sc_block_t staging; /* the producer fills this, then copies it in (or drops it) */
  uint16_t block_samples;
  uint8_t channels;
  uint16_t staged; /* samples in staging */
  uint32_t rate_hz;
  uint64_t taken;         /* producer: samples taken since boot (or the last reset) */
  uint64_t staged_time_us;
  atomic_uint head;       /* producer: blocks committed */
  atomic_uint tail;       /* consumer: blocks released */
  atomic_uint overflowed; /* producer: blocks dropped because the ring was full */
} sc_ring_t;

/* Only while no producer runs. channels * block_samples must fit SC_RING_MAX_BLOCK_VALUES. */
bool sc_ring_init(sc_ring_t *r, uint8_t channels, uint16_t block_samples, uint32_t rate_hz);

/*
 * Producer: appends n samples (n * channels values, interleaved), the first captured at
 * time_us. Full blocks are committed, or dropped and counted when the ring is full.
 */
void sc_ring_write(sc_ring_t *r, const int16_t *values, size_t n, uint64_t time_us);

/* Consumer: the oldest committed block, or NULL. Release it when done. */
const sc_block_t *sc_ring_peek(sc_ring_t *r);
void sc_ring_release(sc_ring_t *r);

/* Samples lost to a full ring since init. */
uint64_t sc_ring_dropped_samples(const sc_ring_t *r);

#endif
