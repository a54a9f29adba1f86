/*
 * DS18B20 on a bit-banged 1-wire bus (one probe, SKIP ROM). Each call either starts a conversion
 * or reads the one started a second ago, so nobody waits the 750 ms a 12-bit conversion takes.
 * Bit slots are timed with interrupts off (a few tens of microseconds each).
 */
#include <math.h>

#include "board/board.h"
#include "driver/gpio.h"
#include "esp_rom_sys.h"
#include "freertos/FreeRTOS.h"
#include "sdkconfig.h"

#define PIN CONFIG_SC_PIN_ONEWIRE
static portMUX_TYPE mux = portMUX_INITIALIZER_UNLOCKED;
static bool converting;
static float last = NAN;

static bool reset_pulse(void) {
  gpio_set_level(PIN, 0);
  esp_rom_delay_us(480);
  portENTER_CRITICAL(&mux);
  gpio_set_level(PIN, 1);
  esp_rom_delay_us(70);
  bool present = gpio_get_level(PIN) == 0;
  portEXIT_CRITICAL(&mux);
  esp_rom_delay_us(410);
  return present;
}

static void write_byte(uint8_t b) {
  for (int i = 0; i < 8; i++, b >>= 1) {
    portENTER_CRITICAL(&mux);
    gpio_set_level(PIN, 0);
    esp_rom_delay_us((b & 1) ? 6 : 60);
    gpio_set_level(PIN, 1);
    esp_rom_delay_us((b & 1) ? 64 : 10);
    portEXIT_CRITICAL(&mux);
  }
}

static uint8_t read_byte(void) {
  uint8_t b = 0;
  for (int i = 0; i < 8; i++) {
    portENTER_CRITICAL(&mux);
    gpio_set_level(PIN, 0);
    esp_rom_delay_us(6);
    gpio_set_level(PIN, 1);
    esp_rom_delay_us(9);
    if (gpio_get_level(PIN)) b |= (uint8_t)(1u << i);
    portEXIT_CRITICAL(&mux);
    esp_rom_delay_us(55);
  }
  return b;
}

static uint8_t crc8(const uint8_t *d, int n) {
  uint8_t crc = 0;
  for (int i = 0; i < n; i++) {
    uint8_t in = d[i];
    for (int k = 0; k < 8; k++, in >>= 1) crc = ((crc ^ in) & 1) ? (uint8_t)((crc >> 1) ^ 0x8C) : (uint8_t)(crc >> 1);
  }
  return crc;
}

void ds18b20_init(void) {
  gpio_config_t io = {.pin_bit_mask = 1ULL << PIN, .mode = GPIO_MODE_INPUT_OUTPUT_OD, .pull_up_en = GPIO_PULLUP_ENABLE};
  gpio_config(&io);
  gpio_set_level(PIN, 1);
}

float ds18b20_poll(void) {
  if (!reset_pulse()) {
    converting = false;
    last = NAN; /* no probe: absent, never 0 °C */
    return last;
  }
  write_byte(0xCC); /* SKIP ROM */
  if (!converting) {
    write_byte(0x44); /* CONVERT T */
    converting = true;
    return last;
  }
  write_byte(0xBE); /* READ SCRATCHPAD */
  uint8_t s[9];
  for (int i = 0; i < 9; i++) s[i] = read_byte();
  converting = false;
  if (crc8(s, 8) == s[8]) last = (float)(int16_t)(s[0] | (s[1] << 8)) / 16.0f;
  return last;
}
