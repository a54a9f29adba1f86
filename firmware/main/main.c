/*
 * SignalCraft sensor firmware: the board's drivers and links around the portable core.
 * One link task (core 0) owns the core: it reads commands from USB and TCP, builds the frames that
 * are due, and hands them to the links without ever waiting on them. Sampling runs in its own
 * tasks on core 1 and only ever writes the core's rings (drop and count when full).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "esp_heap_caps.h"
#include "esp_random.h"
#include "esp_rom_crc.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "sc/crc32.h"
#include "sc/sensor.h"
#include "sdkconfig.h"

/* Kconfig leaves a bool that is off undefined, so the capability bit is chosen here. */
#ifdef CONFIG_SC_PRESSURE_TRANSDUCERS
#define SC_CAP_PRESSURE_IF_FITTED SC_CAP_PRESSURE
#else
#define SC_CAP_PRESSURE_IF_FITTED 0u
#endif

#define FIRMWARE_VERSION "0.1.0"
#if CONFIG_IDF_TARGET_ESP32S3
#define MODEL "SignalCraft ESP32-S3 sensor"
#else
#define MODEL "SignalCraft ESP32 sensor"
#endif

static sc_sensor_t sensor; /* large (send buffers, rings): static, never on a stack */
static char device_id[16];
static bool have_mic, have_accel;

static bool set_rates(void *ctx, uint32_t audio_hz, uint32_t vibration_hz) {
  (void)ctx;
  if (have_accel && !adxl345_rate_supported(vibration_hz)) return false;
  if (have_mic) mic_stop();
  if (have_accel) adxl345_stop();
  sc_sensor_reset_rings(&sensor, audio_hz, vibration_hz);
  if (have_mic) mic_start(&sensor, audio_hz);
  if (have_accel) adxl345_start(&sensor, vibration_hz);
  return true;
}

static void identify(void *ctx, uint16_t seconds) {
  (void)ctx;
  led_identify(seconds);
}

static bool save_name(void *ctx, const char *name) {
  (void)ctx;
  if (!store_set_name(name)) return false;
  wifi_link_update_name(name);
  return true;
}

static bool save_wifi(void *ctx, const char *ssid, const char *password) {
  (void)ctx;
  if (!store_set_wifi(ssid, password)) return false;
  wifi_link_reconfigure();
  return true;
}

static void board_info(void *ctx, sc_board_info_t *info) {
  (void)ctx;
  board_info_fill(info);
}

static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return (uint32_t)heap_caps_get_free_size(MALLOC_CAP_8BIT);
}

static void drain(int port, int (*write)(const uint8_t *, int)) {
  const uint8_t *data;
  size_t n;
  while ((n = sc_sensor_tx_peek(&sensor, port, &data)) > 0) {
    int w = write(data, (int)n);
    if (w <= 0) return;
    sc_sensor_tx_consume(&sensor, port, (size_t)w);
  }
}

static void link_task(void *arg) {
  (void)arg;
  int usb = sc_sensor_add_port(&sensor, SC_PORT_USB, true); /* a UART cannot tell whether anyone listens */
  int net = sc_sensor_add_port(&sensor, SC_PORT_NET, false);
  sc_sensor_boot(&sensor, (uint64_t)esp_timer_get_time());
  uint8_t buf[256];
  int64_t next_slow = 0;
  for (;;) {
    uint64_t now = (uint64_t)esp_timer_get_time();
    int n;
    while ((n = usb_link_read(buf, sizeof buf)) > 0) sc_sensor_receive(&sensor, usb, buf, (size_t)n, now);
    tcp_event_t e = tcp_link_service();
    if (e == TCP_CONNECTED) sc_sensor_port_connected(&sensor, net, true);
    while ((n = tcp_link_read(buf, sizeof buf)) > 0) sc_sensor_receive(&sensor, net, buf, (size_t)n, now);
    if (n < 0) sc_sensor_port_connected(&sensor, net, false);
    if ((int64_t)now >= next_slow) {
      /* Slow measurements twice a second; the ACS712 window takes 40 ms of this task, never the samplers'. */
      wifi_state_t w;
      wifi_link_state(&w);
      float amps = analog_current_rms_a();
      float suction_kpa, discharge_kpa;
      analog_pressures_kpa(&suction_kpa, &discharge_kpa);
      sc_slow_t slow = {
          .temperature_c = ds18b20_poll(),
          .current_a = amps,
          .power_w = isnan(amps) ? NAN : amps * (float)CONFIG_SC_MAINS_VOLTAGE, /* apparent power */
          .quality = 1.0f,
          .suction_kpa = suction_kpa,
          .discharge_kpa = discharge_kpa,
          .battery_percent = analog_battery_percent(),
          .rssi_dbm = w.rssi,
          .status_flags = (uint16_t)((w.station_connected ? SC_STATUS_WIFI_CONNECTED : 0) | (w.ap_active ? SC_STATUS_AP_ACTIVE : 0) |
                                     (w.configured ? SC_STATUS_WIFI_CONFIGURED : 0)),
      };
      sc_sensor_set_slow(&sensor, &slow);
      next_slow = (int64_t)now + 500000;
    }
    sc_sensor_poll(&sensor, now);
    drain(usb, usb_link_write);
    drain(net, tcp_link_write);
    vTaskDelay(pdMS_TO_TICKS(2));
  }
}

void app_main(void) {
  ESP_ERROR_CHECK(store_init());
  board_device_id(device_id, sizeof device_id);
  char name[SC_MAX_NAME_BYTES + 1];
  store_get_name(name, sizeof name);
  const char *model = MODEL;
  sc_board_ops_t ops = {.set_rates = set_rates, .identify = identify, .save_name = save_name, .save_wifi = save_wifi, .board_info = board_info, .free_heap = free_heap};
  sc_sensor_config_t cfg = {
      .device_id = device_id,
      .firmware_version = FIRMWARE_VERSION,
      .model = model,
      .capabilities = SC_CAP_AUDIO | SC_CAP_VIBRATION | SC_CAP_TEMPERATURE | SC_CAP_CURRENT | SC_CAP_POWER | SC_CAP_BATTERY |
                      SC_CAP_PRESSURE_IF_FITTED,
      .boot_id = esp_random() | 1u,
      .audio_hz = CONFIG_SC_AUDIO_HZ,
      .vibration_hz = CONFIG_SC_VIBRATION_HZ,
      .reading_hz = (float)CONFIG_SC_READING_HZ_X10 / 10.0f,
      .vibration_scale_g = 1.0f / 256,
      .audio_block = 256,
      .vibration_block = 64,
  };
  /* The core's CRC is the ROM's: checked once at boot on the chip itself (the host tests check the rest). */
  const uint8_t check[] = "123456789";
  if (sc_crc32_le(0, check, 9) != esp_rom_crc32_le(0, check, 9)) abort();
  ESP_ERROR_CHECK(usb_link_start());
  led_init();
  ds18b20_init();
  analog_init();
  ESP_ERROR_CHECK(sc_sensor_init(&sensor, &cfg, &ops, (uint64_t)esp_timer_get_time()) ? ESP_OK : ESP_FAIL);
  have_mic = mic_start(&sensor, cfg.audio_hz) == ESP_OK;
  have_accel = adxl345_start(&sensor, cfg.vibration_hz) == ESP_OK;
  if (!have_accel) sensor.cfg.vibration_hz = 0; /* HELLO says there is no accelerometer */
  wifi_link_start(device_id, name, FIRMWARE_VERSION, model);
  xTaskCreatePinnedToCore(link_task, "link", 6144, NULL, 9, NULL, 0);
}
