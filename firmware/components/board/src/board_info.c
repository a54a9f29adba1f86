#include <stdio.h>
#include <string.h>

#include "board/board.h"
#include "esp_chip_info.h"
#include "esp_flash.h"
#include "esp_idf_version.h"
#include "esp_mac.h"

void board_device_id(char *out, size_t cap) {
  uint8_t mac[6];
  esp_efuse_mac_get_default(mac);
  snprintf(out, cap, "sc-%02x%02x%02x", mac[3], mac[4], mac[5]);
}

void board_info_fill(sc_board_info_t *info) {
  esp_chip_info_t chip;
  esp_chip_info(&chip);
  const char *model = chip.model == CHIP_ESP32 ? "ESP32" : chip.model == CHIP_ESP32S3 ? "ESP32-S3" : "ESP32 family";
  snprintf(info->chip, sizeof info->chip, "%s rev %d.%d, %d cores", model, chip.revision / 100, chip.revision % 100, chip.cores);
  esp_efuse_mac_get_default(info->mac);
  uint32_t size = 0;
  if (esp_flash_get_size(NULL, &size) == ESP_OK) info->flash_bytes = size;
  snprintf(info->idf_version, sizeof info->idf_version, "%s", esp_get_idf_version());
  store_get_name(info->name, sizeof info->name);
  wifi_state_t w;
  wifi_link_state(&w);
  info->flags = (w.configured ? SC_INFO_WIFI_CONFIGURED : 0) | (w.station_connected ? SC_INFO_WIFI_CONNECTED : 0) |
                (w.ap_active ? SC_INFO_AP_ACTIVE : 0) | (usb_link_native() ? SC_INFO_NATIVE_USB : 0);
  snprintf(info->ip, sizeof info->ip, "%s", w.ip);
  snprintf(info->ap_ssid, sizeof info->ap_ssid, "%s", w.ap_active ? w.ap_ssid : "");
}
