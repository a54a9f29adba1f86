/*
 * The board layer: what the portable core (signalcraft_core) needs from an ESP32 board. Pins and
 * rates come from menuconfig (main/Kconfig.projbuild). Nothing here blocks the link task: sampling
 * runs in its own tasks and feeds the core's rings, which drop and count when full.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"
#include "sc/sensor.h"

/* Microphone (I2S, INMP441-type: 24 bits in 32-bit slots, left channel). */
esp_err_t mic_start(sc_sensor_t *sensor, uint32_t rate_hz);
void mic_stop(void);

/* ADXL345 on SPI: FIFO in stream mode, watermark interrupt, drained in bursts. */
esp_err_t adxl345_start(sc_sensor_t *sensor, uint32_t rate_hz);
void adxl345_stop(void);
bool adxl345_rate_supported(uint32_t rate_hz);

/* DS18B20 on one wire: a conversion every second, read without blocking the caller for 750 ms. */
void ds18b20_init(void);
/* Call about once a second; returns the last temperature (NaN when no probe answers). */
float ds18b20_poll(void);

/* ACS712 current (RMS over two mains cycles) and battery (2:1 divider), both on ADC1. */
esp_err_t analog_init(void);
float analog_current_rms_a(void);
uint8_t analog_battery_percent(void); /* SC_STATUS_BATTERY_ABSENT without a battery */
/* Suction and discharge pressure, absolute kPa (CONFIG_SC_PRESSURE_TRANSDUCERS; NaN without, or on a broken signal). */
void analog_pressures_kpa(float *suction_kpa, float *discharge_kpa);

/* The USB link: UART0 at 921600 through the board's bridge, or the S3's native USB-Serial/JTAG. */
esp_err_t usb_link_start(void);
/* Non-blocking: bytes read (0 when none), and bytes the link took (may be fewer than len). */
int usb_link_read(uint8_t *buf, int len);
int usb_link_write(const uint8_t *buf, int len);
bool usb_link_native(void);

/* Wi-Fi: station with the stored network, else (or after failing) the fallback access point; a
 * TCP server (one client) and mDNS `_signalcraft._tcp`. */
typedef struct {
  bool station_connected, ap_active, configured;
  int8_t rssi;
  char ip[16];
  char ap_ssid[33];
} wifi_state_t;
esp_err_t wifi_link_start(const char *device_id, const char *name, const char *firmware_version, const char *model);
/* Applies new credentials at once (the station reconnects). */
void wifi_link_reconfigure(void);
void wifi_link_state(wifi_state_t *out);
/* TCP: accepts, reads and writes without blocking. Events for the core's port. */
typedef enum { TCP_NONE, TCP_CONNECTED, TCP_DISCONNECTED } tcp_event_t;
tcp_event_t tcp_link_service(void);
int tcp_link_read(uint8_t *buf, int len);
int tcp_link_write(const uint8_t *buf, int len);
void wifi_link_update_name(const char *name);

/* NVS ("signalcraft" namespace). The password is read only by wifi_link, never logged. */
esp_err_t store_init(void);
bool store_get_name(char *out, size_t cap);
bool store_set_name(const char *name);
bool store_get_wifi(char *ssid, size_t ssid_cap, char *password, size_t password_cap);
bool store_set_wifi(const char *ssid, const char *password);

void board_info_fill(sc_board_info_t *info);
void board_device_id(char *out, size_t cap); /* "sc-" and the last three bytes of the MAC */

void led_init(void);
void led_identify(uint16_t seconds);
