/* Unit tests of the portable core, on the host. `make -C firmware/host test`. */
#include <math.h>
#include <stdint.h>

#include "helpers.h"
#include "runner.h"
#include "sc/crc32.h"
#include "sc/wire.h"

int sc_test_failures;
const char *sc_test_current;

/* ---- a board for tests: records what provisioning stored ---- */
static struct {
  char name[80], ssid[40], password[80];
  int wifi_saves, rates_calls;
  sc_sensor_t *sensor;
} board;

static bool save_name(void *ctx, const char *name) {
  (void)ctx;
  strcpy(board.name, name);
  return true;
}
static bool save_wifi(void *ctx, const char *ssid, const char *password) {
  (void)ctx;
  strcpy(board.ssid, ssid);
  strcpy(board.password, password);
  board.wifi_saves++;
  return true;
}
static bool set_rates(void *ctx, uint32_t a, uint32_t v) {
  (void)ctx;
  board.rates_calls++;
  sc_sensor_reset_rings(board.sensor, a, v);
  return true;
}
static void board_info(void *ctx, sc_board_info_t *info) {
  (void)ctx;
  strcpy(info->name, board.name);
  strcpy(info->chip, "test chip");
  info->flags = board.wifi_saves ? SC_INFO_WIFI_CONFIGURED : 0;
}
static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return 123456;
}

static sc_sensor_t sensor;
/* What the USB port sent while run() drained it, as the transport does. */
static uint8_t sent[1 << 21];
static size_t sent_len;
static bool draining = true;
static test_frame_t frames[4096];
enum { USB = 0, NET = 1 };

static void setup(void) {
  memset(&board, 0, sizeof board);
  board.sensor = &sensor;
  sent_len = 0;
  draining = true;
  sc_sensor_config_t cfg = {
      .device_id = "fw-test",
      .firmware_version = "0.1.0",
      .model = "SignalCraft ESP32 sensor (test)",
      .capabilities = SC_CAP_AUDIO | SC_CAP_VIBRATION,
      .boot_id = 0xdeadbeef,
      .audio_hz = 16000,
      .vibration_hz = 3200,
      .reading_hz = 2,
      .vibration_scale_g = 1.0f / 256,
      .audio_block = 256,
      .vibration_block = 64,
  };
  sc_board_ops_t ops = {.set_rates = set_rates, .save_name = save_name, .save_wifi = save_wifi, .board_info = board_info, .free_heap = free_heap};
  CHECK(sc_sensor_init(&sensor, &cfg, &ops, 0));
  CHECK_EQ(sc_sensor_add_port(&sensor, SC_PORT_USB, true), USB);
  CHECK_EQ(sc_sensor_add_port(&sensor, SC_PORT_NET, true), NET);
}

static void command(int port, uint16_t id, uint8_t op, const uint8_t *args, size_t n, uint64_t now) {
  uint8_t wire[600];
  size_t len = test_command(wire, id, op, args, n);
  sc_sensor_receive(&sensor, port, wire, len, now);
}

static const test_frame_t *find(size_t n, uint8_t type, size_t nth) {
  for (size_t i = 0; i < n; i++) {
    if (frames[i].type == type && nth-- == 0) return &frames[i];
  }
  return NULL;
}

static size_t count(size_t n, uint8_t type) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += frames[i].type == type;
  return c;
}


static size_t decode_sent(void) {
  sent_len += test_drain_bytes(&sensor, USB, sent + sent_len, sizeof sent - sent_len);
  size_t n = test_decode_wire(sent, sent_len, frames, 4096);
  sent_len = 0;
  return n;
}

/* Feeds `seconds` of samples and polls every 5 ms, as the board does. */
static void run(double seconds, uint64_t *now) {
  static int16_t audio[80], vib[16 * 3];
  for (int i = 0; i < (int)(seconds * 200); i++) {
    for (int k = 0; k < 80; k++) audio[k] = (int16_t)(1000 * sin((double)k));
    for (int k = 0; k < 16 * 3; k++) vib[k] = (int16_t)(k % 3 == 2 ? 256 : k);
    sc_ring_write(sc_sensor_audio_ring(&sensor), audio, 80, *now);
    sc_ring_write(sc_sensor_vibration_ring(&sensor), vib, 16, *now);
    *now += 5000;
    sc_sensor_poll(&sensor, *now);
    if (draining) sent_len += test_drain_bytes(&sensor, USB, sent + sent_len, sizeof sent - sent_len);
  }
}

/* ---- tests ---- */

TEST(crc32_is_zlib_and_esp_rom_compatible) {
  CHECK_EQ(sc_crc32_le(0, (const uint8_t *)"123456789", 9), 0xCBF43926u);
  CHECK_EQ(sc_crc32_le(0, NULL, 0), 0);
  /* Chaining, as esp_rom_crc32_le(previous, ...) does. */
  CHECK_EQ(sc_crc32_le(sc_crc32_le(0, (const uint8_t *)"1234", 4), (const uint8_t *)"56789", 5), 0xCBF43926u);
}

TEST(cobs_round_trips_and_never_emits_zero) {
  static uint8_t src[1200], enc[1300], dec[1200];
  uint32_t x = 12345;
  for (size_t len = 0; len < 1200; len += 37) {
    for (size_t i = 0; i < len; i++) {
      x = x * 1103515245u + 12345u;
      src[i] = (x >> 16) % 3 == 0 ? 0 : (uint8_t)(x >> 8);
    }
    size_t n = sc_cobs_encode(src, len, enc);
    CHECK(n <= SC_COBS_MAX_ENCODED(len));
    CHECK(memchr(enc, 0, n) == NULL);
    CHECK_EQ(sc_cobs_decode(enc, n, dec, sizeof dec), len);
    CHECK(memcmp(src, dec, len) == 0);
  }
  size_t sizes[] = {253, 254, 255, 508, 509};
  for (size_t k = 0; k < 5; k++) {
    memset(src, 7, sizes[k]);
    size_t n = sc_cobs_encode(src, sizes[k], enc);
    CHECK_EQ(sc_cobs_decode(enc, n, dec, sizeof dec), sizes[k]);
  }
}

TEST(cobs_refuses_what_is_not_cobs) {
  uint8_t dec[4];
  const uint8_t past_end[] = {5, 1, 2};
  CHECK_EQ(sc_cobs_decode(past_end, 3, dec, sizeof dec), (unsigned long long)-1);
  const uint8_t too_big[] = {5, 1, 2, 3, 4};
  CHECK_EQ(sc_cobs_decode(too_big, 5, dec, 2), (unsigned long long)-1);
  const uint8_t has_zero[] = {3, 0, 1};
  CHECK_EQ(sc_cobs_decode(has_zero, 3, dec, sizeof dec), (unsigned long long)-1);
}

TEST(the_log_test_vector_of_docs_protocol_md) {
  uint8_t raw[64], wire[80];
  raw[SC_HEADER_BYTES] = 2;
  memcpy(raw + SC_HEADER_BYTES + 1, "hi", 2);
  size_t raw_len = sc_frame_seal(raw, SC_MSG_LOG, 1, 1000000, 3);
  const uint8_t expect_raw[] = {0x01, 0x06, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x42, 0x0f, 0x00, 0x00,
                                0x00, 0x00, 0x00, 0x03, 0x00, 0x02, 0x68, 0x69, 0x6c, 0xca, 0x18, 0xf2};
  CHECK_EQ(raw_len, sizeof expect_raw);
  CHECK(memcmp(raw, expect_raw, sizeof expect_raw) == 0);
  const uint8_t expect_wire[] = {0x03, 0x01, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x04, 0x40, 0x42, 0x0f, 0x01, 0x01,
                                 0x01, 0x01, 0x02, 0x03, 0x08, 0x02, 0x68, 0x69, 0x6c, 0xca, 0x18, 0xf2, 0x00};
  CHECK_EQ(sc_frame_wrap(raw, raw_len, wire), sizeof expect_wire);
  CHECK(memcmp(wire, expect_wire, sizeof expect_wire) == 0);
}

TEST(frame_parse_tells_what_is_wrong) {
  uint8_t raw[64];
  sc_frame_t f;
  raw[SC_HEADER_BYTES] = 9;
  size_t n = sc_frame_seal(raw, SC_MSG_LOG, 7, 5, 1);
  CHECK_EQ(sc_frame_parse(raw, n, &f), SC_FRAME_OK);
  CHECK_EQ(f.sequence, 7);
  CHECK_EQ(sc_frame_parse(raw, 10, &f), SC_FRAME_SHORT);
  raw[5] ^= 1;
  CHECK_EQ(sc_frame_parse(raw, n, &f), SC_FRAME_CRC);
  raw[5] ^= 1;
  raw[16] = 4; /* claims more payload than there is; fix the CRC so only the length is wrong */
  sc_put_u32(raw + n - 4, sc_crc32_le(0, raw, n - 4));
  CHECK_EQ(sc_frame_parse(raw, n, &f), SC_FRAME_LENGTH);
  raw[16] = 1;
  raw[0] = 2;
  sc_put_u32(raw + n - 4, sc_crc32_le(0, raw, n - 4));
  CHECK_EQ(sc_frame_parse(raw, n, &f), SC_FRAME_VERSION);
}

TEST(ring_drops_whole_blocks_when_full_and_keeps_indexes_true) {
  static sc_ring_t r;
  CHECK(sc_ring_init(&r, 1, 8, 1000));
  int16_t v[8] = {0};
  for (int i = 0; i < (int)SC_RING_BLOCKS + 3; i++) sc_ring_write(&r, v, 8, (uint64_t)i * 8000);
  CHECK_EQ(sc_ring_dropped_samples(&r), 3 * 8);
  for (unsigned i = 0; i < SC_RING_BLOCKS; i++) {
    const sc_block_t *b = sc_ring_peek(&r);
    CHECK(b != NULL);
    if (b) CHECK_EQ(b->first_index, i * 8);
    sc_ring_release(&r);
  }
  CHECK(sc_ring_peek(&r) == NULL);
  sc_ring_write(&r, v, 5, 1000000);
  CHECK(sc_ring_peek(&r) == NULL); /* a block is sent only when full */
  sc_ring_write(&r, v, 3, 1005000);
  const sc_block_t *b = sc_ring_peek(&r);
  CHECK(b && b->first_index == (SC_RING_BLOCKS + 3) * 8); /* the dropped blocks' indexes are skipped */
  CHECK(b && b->first_time_us == 1000000);
  CHECK(!sc_ring_init(&r, 3, SC_RING_MAX_BLOCK_VALUES, 1000));
}

TEST(bytering_takes_whole_frames_or_nothing) {
  uint8_t store[10];
  sc_bytering_t r;
  sc_bytering_init(&r, store, sizeof store);
  CHECK(sc_bytering_put(&r, (const uint8_t *)"abcdef", 6));
  CHECK(!sc_bytering_put(&r, (const uint8_t *)"ghijk", 5));
  CHECK_EQ(sc_bytering_room(&r), 4);
  sc_bytering_consume(&r, 4);
  CHECK(sc_bytering_put(&r, (const uint8_t *)"ghijk", 5)); /* wraps */
  const uint8_t *d;
  size_t n = sc_bytering_peek(&r, &d);
  CHECK_EQ(n, 6); /* "efghij" up to the end, then "k" */
  CHECK(memcmp(d, "efghij", 6) == 0);
  sc_bytering_consume(&r, n);
  CHECK_EQ(sc_bytering_peek(&r, &d), 1);
  CHECK_EQ(d[0], 'k');
}

TEST(boot_and_hello_answer_with_a_leading_delimiter) {
  setup();
  sc_sensor_boot(&sensor, 1000);
  static uint8_t wire[4096];
  size_t n = test_drain_bytes(&sensor, USB, wire, sizeof wire);
  CHECK(n > 0 && wire[0] == 0);
  size_t f = test_decode_wire(wire, n, frames, 16);
  CHECK_EQ(f, 2);
  CHECK_EQ(frames[0].type, SC_MSG_HELLO);
  CHECK_EQ(frames[0].sequence, 0);
  CHECK_EQ(sc_get_u32(frames[0].payload), 0xdeadbeef);
  CHECK_EQ(sc_get_u32(frames[0].payload + 8), 16000);
  CHECK_EQ(sc_get_u32(frames[0].payload + 12), 3200);
  CHECK_EQ(frames[0].payload[20], 7);
  CHECK(memcmp(frames[0].payload + 21, "fw-test", 7) == 0);
  CHECK_EQ(frames[1].type, SC_MSG_LOG);

  command(USB, 42, SC_OP_HELLO, NULL, 0, 2000);
  f = test_drain(&sensor, USB, frames, 16);
  CHECK_EQ(f, 2);
  CHECK_EQ(frames[0].type, SC_MSG_HELLO);
  CHECK_EQ(frames[1].type, SC_MSG_ACK);
  CHECK_EQ(sc_get_u16(frames[1].payload), 42);
  CHECK_EQ(frames[1].payload[3], SC_ACK_OK);
  CHECK_EQ(frames[1].sequence, 3);
}

TEST(streams_carry_every_sample_with_its_index_and_capture_time) {
  setup();
  uint64_t now = 0;
  uint8_t all[4];
  sc_put_u32(all, SC_ALL_STREAMS);
  run(0.3, &now); /* sampled before START: not sent */
  decode_sent();
  command(USB, 1, SC_OP_START, all, 4, now);
  run(2.0, &now);
  size_t n = decode_sent();
  CHECK_EQ(find(n, SC_MSG_ACK, 0)->payload[3], SC_ACK_OK);
  uint64_t expect = 0, last_seq = frames[0].sequence;
  for (size_t i = 1; i < n; i++) CHECK_EQ(frames[i].sequence, ++last_seq);
  size_t audio = 0, vib = 0;
  for (size_t i = 0; i < n; i++) {
    if (frames[i].type == SC_MSG_AUDIO) {
      CHECK_EQ(sc_get_u32(frames[i].payload), 16000);
      CHECK_EQ(sc_get_u64(frames[i].payload + 4), expect);
      CHECK_EQ(frames[i].len, 12 + 512);
      expect += 256;
      audio++;
    } else if (frames[i].type == SC_MSG_VIBRATION) {
      CHECK_EQ(sc_get_u64(frames[i].payload + 4), vib * 64);
      CHECK(fabsf(sc_get_f32(frames[i].payload + 12) - 1.0f / 256) < 1e-9f);
      vib++;
    }
  }
  /* 2 s at 16 kHz in 256-sample frames, at 3200 Hz in 64-sample frames (the last partial block is not yet due). */
  CHECK(audio >= 123 && audio <= 125);
  CHECK(vib >= 98 && vib <= 100);
  CHECK(count(n, SC_MSG_READING) == 4);
  CHECK(count(n, SC_MSG_STATUS) >= 7);
  const test_frame_t *a0 = find(n, SC_MSG_AUDIO, 0), *a1 = find(n, SC_MSG_AUDIO, 1);
  CHECK_EQ(a1->time_us - a0->time_us, 16000); /* 256 samples at 16 kHz */
  const test_frame_t *reading = find(n, SC_MSG_READING, 1);
  CHECK(isnan(sc_get_f32(reading->payload))); /* no temperature probe on this board: absent, not zero */
  CHECK(fabsf(sc_get_f32(reading->payload + 12)) < 1e-6f); /* z is constant 1 g: no vibration */
  CHECK(sc_get_f32(reading->payload + 4) > 0.01f);

  /* STOP, then START: the index starts again from 0. */
  sc_put_u32(all, SC_STREAM_AUDIO);
  command(USB, 2, SC_OP_STOP, all, 4, now);
  run(0.1, &now);
  command(USB, 3, SC_OP_START, all, 4, now);
  run(0.1, &now);
  n = decode_sent();
  const test_frame_t *first = find(n, SC_MSG_AUDIO, 0);
  CHECK(first != NULL && sc_get_u64(first->payload + 4) == 0);
}

TEST(commands_with_bad_arguments_are_refused_and_named) {
  setup();
  uint64_t now = 1000;
  uint8_t args[16] = {0};
  command(USB, 1, 99, NULL, 0, now);
  command(USB, 2, SC_OP_START, args, 3, now);
  sc_put_u32(args, 100000);
  command(USB, 3, SC_OP_SET_RATES, args, 12, now);
  sc_put_u32(args, 8000);
  sc_put_u32(args + 4, 1600);
  sc_put_f32(args + 8, 1.0f);
  command(USB, 4, SC_OP_SET_RATES, args, 12, now);
  sc_put_u64(args, 0x0123456789abcdefull);
  command(USB, 5, SC_OP_TIME_SYNC, args, 8, 777);
  size_t n = test_drain(&sensor, USB, frames, 64);
  CHECK_EQ(n, 5);
  CHECK_EQ(frames[0].payload[3], SC_ACK_UNKNOWN_COMMAND);
  CHECK_EQ(frames[1].payload[3], SC_ACK_BAD_ARGUMENTS);
  CHECK_EQ(frames[2].payload[3], SC_ACK_BAD_ARGUMENTS);
  CHECK_EQ(frames[3].payload[3], SC_ACK_OK);
  CHECK_EQ(board.rates_calls, 1);
  CHECK_EQ(sensor.cfg.audio_hz, 8000);
  CHECK_EQ(frames[4].len, 12);
  CHECK_EQ(sc_get_u64(frames[4].payload + 4), 0x0123456789abcdefull);
  CHECK_EQ(frames[4].time_us, 777);

  sc_put_u32(args, SC_STREAM_AUDIO);
  command(NET, 6, SC_OP_START, args, 4, now);
  sc_put_u32(args, 16000);
  sc_put_u32(args + 4, 0);
  sc_put_f32(args + 8, 0);
  command(USB, 7, SC_OP_SET_RATES, args, 12, now);
  n = test_drain(&sensor, USB, frames, 64);
  CHECK_EQ(frames[n - 1].payload[3], SC_ACK_BUSY); /* streaming on another link */
}

TEST(a_slow_link_drops_and_counts_and_never_blocks_sampling) {
  setup();
  uint64_t now = 0;
  uint8_t all[4];
  sc_put_u32(all, SC_STREAM_AUDIO | SC_STREAM_VIBRATION);
  command(USB, 1, SC_OP_START, all, 4, now);
  draining = false;
  run(2.0, &now); /* nobody drains the USB port: its buffer fills */
  CHECK(sensor.ports[USB].frames_dropped > 0);
  uint64_t dropped = sc_sensor_dropped_samples(&sensor);
  CHECK(dropped > 0);
  test_drain(&sensor, USB, frames, 4096);
  draining = true;
  run(0.5, &now);
  size_t n = decode_sent();
  const test_frame_t *st = find(n, SC_MSG_STATUS, 0);
  CHECK(st && sc_get_u64(st->payload + 8) >= dropped);
  /* After the overflow the stream goes on, with the lost samples' indexes skipped. */
  const test_frame_t *a = find(n, SC_MSG_AUDIO, 0);
  CHECK(a && sc_get_u64(a->payload + 4) > 256u * 20);
  CHECK(a && sc_get_u64(a->payload + 4) % 256 == 0);
}

TEST(a_reconnected_client_gets_the_streams_back_without_a_restart) {
  setup();
  uint64_t now = 0;
  uint8_t all[4];
  sc_put_u32(all, SC_STREAM_AUDIO);
  command(NET, 1, SC_OP_START, all, 4, now);
  run(0.3, &now); /* less than the send buffer holds: nothing overflows */
  test_drain(&sensor, NET, frames, 4096);
  sc_sensor_port_connected(&sensor, NET, false);
  run(1.0, &now);
  sc_sensor_port_connected(&sensor, NET, true);
  uint32_t seq_before = sensor.ports[NET].sequence;
  run(0.1, &now);
  size_t n = test_drain(&sensor, NET, frames, 4096);
  CHECK(n > 0 && frames[0].sequence == seq_before); /* frames while away took sequence numbers: the app sees the gap */
  const test_frame_t *a = find(n, SC_MSG_AUDIO, 0);
  CHECK(a && sc_get_u64(a->payload + 4) >= 16000u * 13 / 10 - 512); /* the index carried on through the absence */
  CHECK_EQ(sc_sensor_dropped_samples(&sensor), 0); /* nobody listening is not an overflow */
}

TEST(wifi_credentials_only_over_usb_and_never_echoed) {
  setup();
  const char *ssid = "Site-Net", *password = "s3cret-Passw0rd";
  uint8_t args[128];
  size_t n = 0;
  args[n++] = (uint8_t)strlen(ssid);
  memcpy(args + n, ssid, strlen(ssid));
  n += strlen(ssid);
  args[n++] = (uint8_t)strlen(password);
  memcpy(args + n, password, strlen(password));
  n += strlen(password);
  command(NET, 1, SC_OP_SET_WIFI, args, n, 10);
  command(USB, 2, SC_OP_SET_WIFI, args, n, 10);
  command(USB, 3, SC_OP_SET_WIFI, args, n - 1, 10); /* one byte short */
  const uint8_t short_pass[] = {1, 'x', 3, 'a', 'b', 'c'};
  command(USB, 4, SC_OP_SET_WIFI, short_pass, sizeof short_pass, 10);
  const uint8_t name[] = {9, 0xeb, 0x83, 0x89, 0xeb, 0x8f, 0x99, 0xea, 0xb8, 0xb0}; /* "냉동기" */
  command(USB, 5, SC_OP_SET_NAME, name, sizeof name, 10);
  const uint8_t bad_name[] = {2, 'a', 0x01};
  command(USB, 6, SC_OP_SET_NAME, bad_name, sizeof bad_name, 10);
  command(USB, 7, SC_OP_INFO, NULL, 0, 10);
  static uint8_t wire[8192];
  size_t len = test_drain_bytes(&sensor, USB, wire, sizeof wire);
  size_t net_len = test_drain_bytes(&sensor, NET, wire + len, sizeof wire - len);
  size_t f = test_decode_wire(wire, len, frames, 64);
  CHECK_EQ(board.wifi_saves, 1);
  CHECK(strcmp(board.ssid, ssid) == 0 && strcmp(board.password, password) == 0);
  CHECK_EQ(frames[0].payload[3], SC_ACK_OK);
  CHECK_EQ(frames[1].payload[3], SC_ACK_BAD_ARGUMENTS);
  CHECK_EQ(frames[2].payload[3], SC_ACK_BAD_ARGUMENTS);
  CHECK_EQ(frames[3].payload[3], SC_ACK_OK);
  CHECK(strcmp(board.name, "냉동기") == 0);
  CHECK_EQ(frames[4].payload[3], SC_ACK_BAD_ARGUMENTS);
  CHECK_EQ(frames[5].type, SC_MSG_INFO);
  CHECK_EQ(sc_get_u32(frames[5].payload) & SC_INFO_WIFI_CONFIGURED, SC_INFO_WIFI_CONFIGURED);
  CHECK_EQ(frames[5].payload[14], 9);
  CHECK_EQ(f, 7);
  test_decode_wire(wire + len, net_len, frames, 4);
  CHECK_EQ(frames[0].payload[3], SC_ACK_NOT_ALLOWED);
  /* Neither the answers nor the buffers the command passed through hold the password. */
  CHECK(memmem(wire, len + net_len, password, strlen(password)) == NULL);
  CHECK(memmem(wire, len + net_len, ssid, strlen(ssid)) == NULL);
  CHECK(memmem(&sensor, sizeof sensor, password, strlen(password)) == NULL);
}

TEST(noise_and_text_between_commands_are_skipped) {
  setup();
  const char *text = "garbage line\n";
  uint8_t zero = 0, noise[600];
  sc_sensor_receive(&sensor, USB, (const uint8_t *)text, strlen(text), 1);
  sc_sensor_receive(&sensor, USB, &zero, 1, 1);
  for (size_t i = 0; i < sizeof noise; i++) noise[i] = (uint8_t)(i % 4 + 1);
  sc_sensor_receive(&sensor, USB, noise, sizeof noise, 1); /* oversize segment */
  sc_sensor_receive(&sensor, USB, &zero, 1, 1);
  command(USB, 9, SC_OP_HELLO, NULL, 0, 2);
  size_t n = test_drain(&sensor, USB, frames, 8);
  CHECK_EQ(n, 2);
  CHECK_EQ(frames[1].type, SC_MSG_ACK);
  CHECK_EQ(sensor.ports[USB].rx_bad, 1);
}

int main(void) {
  static const sc_test_case tests[] = {
      RUN(crc32_is_zlib_and_esp_rom_compatible),
      RUN(cobs_round_trips_and_never_emits_zero),
      RUN(cobs_refuses_what_is_not_cobs),
      RUN(the_log_test_vector_of_docs_protocol_md),
      RUN(frame_parse_tells_what_is_wrong),
      RUN(ring_drops_whole_blocks_when_full_and_keeps_indexes_true),
      RUN(bytering_takes_whole_frames_or_nothing),
      RUN(boot_and_hello_answer_with_a_leading_delimiter),
      RUN(streams_carry_every_sample_with_its_index_and_capture_time),
      RUN(commands_with_bad_arguments_are_refused_and_named),
      RUN(a_slow_link_drops_and_counts_and_never_blocks_sampling),
      RUN(a_reconnected_client_gets_the_streams_back_without_a_restart),
      RUN(wifi_credentials_only_over_usb_and_never_echoed),
      RUN(noise_and_text_between_commands_are_skipped),
  };
  return sc_run_tests(tests, sizeof tests / sizeof tests[0]);
}
