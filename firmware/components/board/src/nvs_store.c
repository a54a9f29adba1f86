/* Provisioning in NVS (namespace "signalcraft"). Nothing here logs what it stores. */
#include <string.h>

#include "board/board.h"
#include "nvs.h"
#include "nvs_flash.h"

#define NS "signalcraft"

esp_err_t store_init(void) {
  esp_err_t err = nvs_flash_init();
  if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
    nvs_flash_erase();
    err = nvs_flash_init();
  }
  return err;
}

static bool get(const char *key, char *out, size_t cap) {
  nvs_handle_t h;
  out[0] = 0;
  if (nvs_open(NS, NVS_READONLY, &h) != ESP_OK) return false;
  size_t len = cap;
  bool ok = nvs_get_str(h, key, out, &len) == ESP_OK;
  nvs_close(h);
  if (!ok) out[0] = 0;
  return ok;
}

static bool set(const char *const *keys, const char *const *values, int n) {
  nvs_handle_t h;
  if (nvs_open(NS, NVS_READWRITE, &h) != ESP_OK) return false;
  bool ok = true;
  for (int i = 0; i < n && ok; i++) ok = nvs_set_str(h, keys[i], values[i]) == ESP_OK;
  ok = ok && nvs_commit(h) == ESP_OK; /* both keys, or neither, reach flash in one commit */
  nvs_close(h);
  return ok;
}

bool store_get_name(char *out, size_t cap) { return get("name", out, cap); }
bool store_set_name(const char *name) {
  const char *k[] = {"name"}, *v[] = {name};
  return set(k, v, 1);
}
bool store_get_wifi(char *ssid, size_t ssid_cap, char *password, size_t password_cap) {
  return get("ssid", ssid, ssid_cap) && get("pass", password, password_cap);
}
bool store_set_wifi(const char *ssid, const char *password) {
  const char *k[] = {"ssid", "pass"}, *v[] = {ssid, password};
  return set(k, v, 2);
}
