/* Pressure transducers in the portable core: the voltage-to-kPa conversion and the 10-float READING. */
#include <math.h>
#include <stdint.h>

#include "helpers.h"
#include "runner.h"
#include "sc/transducer.h"
#include "sc/wire.h"

int sc_test_failures;
const char *sc_test_current;

static sc_sensor_t sensor;
static test_frame_t frames[512];

static bool near(float a, float b, float tol) { return fabsf(a - b) <= tol; }

static bool set_rates(void *ctx, uint32_t a, uint32_t v) {
  (void)ctx;
  sc_sensor_reset_rings(&sensor, a, v);
  return true;
}
static bool save_name(void *ctx, const char *name) {
  (void)ctx;
  (void)name;
  return false;
}
static bool save_wifi(void *ctx, const char *ssid, const char *password) {
  (void)ctx;
  (void)ssid;
  (void)password;
  return false;
}
static void board_info(void *ctx, sc_board_info_t *info) {
  (void)ctx;
  (void)info;
}
static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return 1;
}

/* A sensor with only readings (no microphone, no accelerometer), streaming to USB from t = 0. */
static void start_sensor(uint32_t capabilities, float suction_kpa, float discharge_kpa) {
  sc_sensor_config_t cfg = {
      .device_id = "fw-pressure",
      .firmware_version = "0.1.0",
      .model = "SignalCraft ESP32 sensor (test)",
      .capabilities = capabilities,
      .boot_id = 0x1234,
      .reading_hz = 2,
      .vibration_scale_g = 1.0f / 256,
      .audio_block = 256,
      .vibration_block = 64,
  };
  sc_board_ops_t ops = {.set_rates = set_rates, .save_name = save_name, .save_wifi = save_wifi, .board_info = board_info, .free_heap = free_heap};
  CHECK(sc_sensor_init(&sensor, &cfg, &ops, 0));
  CHECK_EQ(sc_sensor_add_port(&sensor, SC_PORT_USB, true), 0);
  sc_slow_t slow = {.temperature_c = 8.5f, .current_a = 6.0f, .power_w = NAN, .quality = 1.0f, .suction_kpa = suction_kpa, .discharge_kpa = discharge_kpa,
                    .battery_percent = SC_STATUS_BATTERY_ABSENT, .rssi_dbm = SC_STATUS_RSSI_ABSENT};
  sc_sensor_set_slow(&sensor, &slow);
  uint8_t wire[64], streams[4];
  sc_put_u32(streams, SC_STREAM_READING);
  size_t len = test_command(wire, 1, SC_OP_START, streams, 4);
  sc_sensor_receive(&sensor, 0, wire, len, 0);
}

static const test_frame_t *first_reading(void) {
  for (uint64_t now = 0; now <= 1200000; now += 5000) sc_sensor_poll(&sensor, now);
  size_t n = test_drain(&sensor, 0, frames, 512);
  for (size_t i = 0; i < n; i++) {
    if (frames[i].type == SC_MSG_READING) return &frames[i];
  }
  return NULL;
}

TEST(a_ratiometric_transducer_reads_absolute_kpa_over_its_span) {
  const sc_transducer_t suction = {.span_kpa = 3450.0f, .sealed_gauge = false}; /* 0-34.5 bar gauge */
  CHECK(near(sc_transducer_kpa(&suction, 0.5f, 5.0f), SC_ATMOSPHERE_KPA, 0.01f));
  CHECK(near(sc_transducer_kpa(&suction, 4.5f, 5.0f), 3450.0f + SC_ATMOSPHERE_KPA, 0.1f));
  CHECK(near(sc_transducer_kpa(&suction, 2.5f, 5.0f), 1725.0f + SC_ATMOSPHERE_KPA, 0.1f));
  /* Ratiometric: a supply sagging to 4.8 V scales the output with it, and the pressure holds. */
  CHECK(near(sc_transducer_kpa(&suction, 2.4f, 4.8f), 1725.0f + SC_ATMOSPHERE_KPA, 0.1f));
  /* A sealed-gauge or absolute part reads from vacuum: nothing is added. */
  const sc_transducer_t absolute = {.span_kpa = 5000.0f, .sealed_gauge = true};
  CHECK(near(sc_transducer_kpa(&absolute, 0.5f, 5.0f), 0.0f, 0.01f));
  CHECK(near(sc_transducer_kpa(&absolute, 0.375f, 5.0f), 0.0f, 0.01f)); /* below the zero: clamped, never negative */
}

TEST(a_broken_signal_is_nan_never_a_pressure) {
  const sc_transducer_t t = {.span_kpa = 3450.0f, .sealed_gauge = false};
  CHECK(isnan(sc_transducer_kpa(&t, 0.0f, 5.0f)));   /* open wire, pulled down: no transducer fitted */
  CHECK(isnan(sc_transducer_kpa(&t, 0.2f, 5.0f)));   /* under 5 % of the supply */
  CHECK(isnan(sc_transducer_kpa(&t, 4.9f, 5.0f)));   /* over 95 %: shorted to the supply */
  CHECK(isnan(sc_transducer_kpa(&t, NAN, 5.0f)));    /* the ADC read failed */
  CHECK(isnan(sc_transducer_kpa(&t, 2.5f, 0.0f)));   /* no supply measured */
  CHECK(isnan(sc_transducer_kpa(NULL, 2.5f, 5.0f)));
  const sc_transducer_t unset = {.span_kpa = 0.0f, .sealed_gauge = false};
  CHECK(isnan(sc_transducer_kpa(&unset, 2.5f, 5.0f))); /* a span not configured */
}

TEST(with_transducers_a_reading_carries_ten_floats_and_says_so_in_hello) {
  start_sensor(SC_CAP_TEMPERATURE | SC_CAP_CURRENT | SC_CAP_PRESSURE, 905.5f, NAN);
  const test_frame_t *r = first_reading();
  CHECK(r != NULL);
  if (!r) return;
  CHECK_EQ(r->len, SC_READING_PRESSURE_PAYLOAD);
  CHECK(near(sc_get_f32(r->payload), 8.5f, 1e-6f));
  CHECK(near(sc_get_f32(r->payload + 32), 905.5f, 1e-3f));
  CHECK(isnan(sc_get_f32(r->payload + 36))); /* discharge transducer not fitted: NaN, not zero */
  uint8_t hello[SC_MAX_HELLO_PAYLOAD];
  sc_hello_t h = {.capabilities = SC_CAP_PRESSURE, .device_id = "x", .firmware_version = "", .model = ""};
  sc_msg_hello(hello, &h);
  CHECK_EQ(sc_get_u32(hello + 4) & (1u << 6), 1u << 6);
}

TEST(without_transducers_a_reading_stays_the_eight_floats_every_receiver_knows) {
  start_sensor(SC_CAP_TEMPERATURE | SC_CAP_CURRENT, 905.5f, 2850.0f);
  const test_frame_t *r = first_reading();
  CHECK(r != NULL);
  if (r) CHECK_EQ(r->len, SC_READING_PAYLOAD);
}

int main(void) {
  static const sc_test_case tests[] = {
      RUN(a_ratiometric_transducer_reads_absolute_kpa_over_its_span),
      RUN(a_broken_signal_is_nan_never_a_pressure),
      RUN(with_transducers_a_reading_carries_ten_floats_and_says_so_in_hello),
      RUN(without_transducers_a_reading_stays_the_eight_floats_every_receiver_knows),
  };
  return sc_run_tests(tests, sizeof tests / sizeof tests[0]);
}
