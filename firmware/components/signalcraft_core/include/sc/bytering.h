/*
 * A link's send buffer: frames go in whole or not at all (a half frame would damage the next
 * one too), and the transport drains it as fast as the link takes bytes. Used by one task only.
 */
#ifndef SC_BYTERING_H
#define SC_BYTERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint8_t *buf;
  size_t cap;
  size_t head; /* next write */
  size_t len;  /* bytes queued */
} sc_bytering_t;

void sc_bytering_init(sc_bytering_t *r, uint8_t *storage, size_t cap);
size_t sc_bytering_room(const sc_bytering_t *r);
/* All n bytes, or nothing (false). */
bool sc_bytering_put(sc_bytering_t *r, const uint8_t *data, size_t n);
/* The oldest contiguous run of queued bytes; returns its length (0: empty). */
size_t sc_bytering_peek(const sc_bytering_t *r, const uint8_t **data);
void sc_bytering_consume(sc_bytering_t *r, size_t n);
void sc_bytering_clear(sc_bytering_t *r);

#endif
