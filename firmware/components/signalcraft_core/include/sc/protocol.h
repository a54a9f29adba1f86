/*
 * SignalCraft sensor protocol, version 1: the constants of docs/protocol.md.
 * Keep in step with electron/node/features/sensors/protocol/constants.ts (the cross-language tests in
 * electron/node/features/sensors/firmware-loop.test.ts fail when they drift apart).
 */
#ifndef SC_PROTOCOL_H
#define SC_PROTOCOL_H

#define SC_PROTOCOL_VERSION 1u
#define SC_HEADER_BYTES 18u
#define SC_CRC_BYTES 4u
#define SC_MAX_PAYLOAD_BYTES 0xffffu

enum sc_message_type {
  SC_MSG_HELLO = 1,
  SC_MSG_READING = 2,
  SC_MSG_AUDIO = 3,
  SC_MSG_VIBRATION = 4,
  SC_MSG_STATUS = 5,
  SC_MSG_LOG = 6,
  SC_MSG_COMMAND = 7,
  SC_MSG_ACK = 8,
  SC_MSG_INFO = 9,
};

enum sc_capability {
  SC_CAP_AUDIO = 1u << 0,
  SC_CAP_VIBRATION = 1u << 1,
  SC_CAP_TEMPERATURE = 1u << 2,
  SC_CAP_CURRENT = 1u << 3,
  SC_CAP_POWER = 1u << 4,
  SC_CAP_BATTERY = 1u << 5,
  /* Suction and discharge pressure transducers: READING carries 10 floats, not 8. */
  SC_CAP_PRESSURE = 1u << 6,
};

enum sc_stream_bit {
  SC_STREAM_AUDIO = 1u << 0,
  SC_STREAM_VIBRATION = 1u << 1,
  SC_STREAM_READING = 1u << 2,
};
#define SC_ALL_STREAMS (SC_STREAM_AUDIO | SC_STREAM_VIBRATION | SC_STREAM_READING)

enum sc_command_op {
  SC_OP_HELLO = 1,
  SC_OP_START = 2,
  SC_OP_STOP = 3,
  SC_OP_SET_RATES = 4,
  SC_OP_IDENTIFY = 5,
  SC_OP_TIME_SYNC = 6,
  SC_OP_INFO = 7,
  SC_OP_SET_NAME = 8,
  SC_OP_SET_WIFI = 9,
};

enum sc_ack_status {
  SC_ACK_OK = 0,
  SC_ACK_UNKNOWN_COMMAND = 1,
  SC_ACK_BAD_ARGUMENTS = 2,
  SC_ACK_BUSY = 3,
  /* Provisioning asked over a link that may not carry it (only USB may). */
  SC_ACK_NOT_ALLOWED = 4,
  /* The sensor could not store it (flash full or failing). */
  SC_ACK_FAILED = 5,
};

enum sc_log_level { SC_LOG_ERROR = 0, SC_LOG_WARN = 1, SC_LOG_INFO = 2, SC_LOG_DEBUG = 3 };

/* STATUS flags. */
enum sc_status_flag {
  SC_STATUS_IDENTIFYING = 1u << 0,
  SC_STATUS_WIFI_CONNECTED = 1u << 1,
  SC_STATUS_AP_ACTIVE = 1u << 2,
  SC_STATUS_WIFI_CONFIGURED = 1u << 3,
};

/* INFO flags (the same bits, plus how the USB side is wired). */
enum sc_info_flag {
  SC_INFO_WIFI_CONFIGURED = 1u << 0,
  SC_INFO_WIFI_CONNECTED = 1u << 1,
  SC_INFO_AP_ACTIVE = 1u << 2,
  SC_INFO_NATIVE_USB = 1u << 3,
};

#define SC_STATUS_BATTERY_ABSENT 0xffu
#define SC_STATUS_RSSI_ABSENT 127
#define SC_MAX_TEXT_FIELD 255u
#define SC_MAX_NAME_BYTES 63u
#define SC_MAX_SSID_BYTES 32u
#define SC_MIN_PASSWORD_BYTES 8u
#define SC_MAX_PASSWORD_BYTES 63u

#endif
