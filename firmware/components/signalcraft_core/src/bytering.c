#include "sc/bytering.h"

#include <string.h>

void sc_bytering_init(sc_bytering_t *r, uint8_t *storage, size_t cap) {
  r->buf = storage;
  r->cap = cap;
  r->head = 0;
  r->len = 0;
}

size_t sc_bytering_room(const sc_bytering_t *r) { return r->cap - r->len; }

bool sc_bytering_put(sc_bytering_t *r, const uint8_t *data, size_t n) {
  if (n > sc_bytering_room(r)) return false;
  size_t first = r->cap - r->head < n ? r->cap - r->head : n;
  memcpy(r->buf + r->head, data, first);
  memcpy(r->buf, data + first, n - first);
  r->head = (r->head + n) % r->cap;
  r->len += n;
  return true;
}

size_t sc_bytering_peek(const sc_bytering_t *r, const uint8_t **data) {
  if (r->len == 0) return 0;
  size_t start = (r->head + r->cap - r->len) % r->cap;
  *data = r->buf + start;
  return start + r->len <= r->cap ? r->len : r->cap - start;
}

void sc_bytering_consume(sc_bytering_t *r, size_t n) {
  if (n > r->len) n = r->len;
  r->len -= n;
}

void sc_bytering_clear(sc_bytering_t *r) { r->len = 0; }
