/* Shared between sensor.c (streams, heartbeat) and commands.c (answers). */
#ifndef SC_SENSOR_INTERNAL_H
#define SC_SENSOR_INTERNAL_H

#include "sc/sensor.h"

/* The payload is built here, in place after the header. */
static inline uint8_t *sc_payload(sc_sensor_t *s) { return s->raw + SC_HEADER_BYTES; }

/*
 * Seals the payload at sc_payload(s) into a frame on one port. Always takes a sequence number
 * (a frame built and not sent is a frame lost, which the app counts); false when it was not queued.
 */
bool sc_send(sc_sensor_t *s, sc_port_t *p, uint8_t type, uint64_t time_us, size_t payload_len);
/* HELLO, preceded by a delimiter so a host that opened the port mid-frame reads it whole. */
void sc_send_hello(sc_sensor_t *s, sc_port_t *p);
void sc_send_log(sc_sensor_t *s, sc_port_t *p, uint8_t level, const char *text);
void sc_handle_command(sc_sensor_t *s, sc_port_t *p, const sc_frame_t *f);

#endif
