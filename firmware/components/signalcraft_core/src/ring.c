#include "sc/ring.h"

#include <string.h>

bool sc_ring_init(sc_ring_t *r, uint8_t channels, uint16_t block_samples, uint32_t rate_hz) {
  if (channels == 0 || block_samples == 0 || (size_t)channels * block_samples > SC_RING_MAX_BLOCK_VALUES) return false;
  r->channels = channels;
  r->block_samples = block_samples;
  r->rate_hz = rate_hz;
  r->staged = 0;
  r->taken = 0;
  r->staged_time_us = 0;
  atomic_store(&r->head, 0);
  atomic_store(&r->tail, 0);
  atomic_store(&r->overflowed, 0);
  return true;
}

static void commit(sc_ring_t *r) {
  unsigned head = atomic_load_explicit(&r->head, memory_order_relaxed);
  unsigned tail = atomic_load_explicit(&r->tail, memory_order_acquire);
  r->staging.first_index = r->taken - r->block_samples;
  r->staging.first_time_us = r->staged_time_us;
  if (head - tail >= SC_RING_BLOCKS) {
    atomic_fetch_add_explicit(&r->overflowed, 1, memory_order_relaxed);
  } else {
    sc_block_t *slot = &r->blocks[head % SC_RING_BLOCKS];
    slot->first_index = r->staging.first_index;
    slot->first_time_us = r->staging.first_time_us;
    memcpy(slot->values, r->staging.values, (size_t)r->block_samples * r->channels * sizeof(int16_t));
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
  }
  r->staged = 0;
}

void sc_ring_write(sc_ring_t *r, const int16_t *values, size_t n, uint64_t time_us) {
  size_t done = 0;
  while (done < n) {
    if (r->staged == 0) {
      /* The block's first sample: its time follows from the chunk's time and the rate. */
      r->staged_time_us = time_us + (r->rate_hz ? (uint64_t)done * 1000000u / r->rate_hz : 0);
    }
    size_t room = (size_t)r->block_samples - r->staged;
    size_t take = n - done < room ? n - done : room;
    memcpy(&r->staging.values[(size_t)r->staged * r->channels], &values[done * r->channels], take * r->channels * sizeof(int16_t));
    r->staged = (uint16_t)(r->staged + take);
    r->taken += take;
    done += take;
    if (r->staged == r->block_samples) commit(r);
  }
}

const sc_block_t *sc_ring_peek(sc_ring_t *r) {
  unsigned tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  unsigned head = atomic_load_explicit(&r->head, memory_order_acquire);
  if (head == tail) return NULL;
  return &r->blocks[tail % SC_RING_BLOCKS];
}

void sc_ring_release(sc_ring_t *r) {
  unsigned tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
}

uint64_t sc_ring_dropped_samples(const sc_ring_t *r) {
  return (uint64_t)atomic_load_explicit(&r->overflowed, memory_order_relaxed) * r->block_samples;
}
