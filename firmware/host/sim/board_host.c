/*
 * The host "board": provisioning stored in a file (as NVS on the chip), board facts of a PC.
 * Like the chip, it stores the Wi-Fi password and never prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

static void copy_line(char *dst, size_t cap, const char *value) {
  size_t n = strcspn(value, "\n");
  if (n >= cap) n = cap - 1;
  memcpy(dst, value, n);
  dst[n] = 0;
}

void host_board_load(host_board_t *b) {
  b->name[0] = 0;
  b->ssid[0] = 0;
  b->wifi_configured = false;
  if (!b->state_path) return;
  FILE *f = fopen(b->state_path, "r");
  if (!f) return;
  char line[256];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "name=", 5) == 0) copy_line(b->name, sizeof b->name, line + 5);
    if (strncmp(line, "ssid=", 5) == 0) {
      copy_line(b->ssid, sizeof b->ssid, line + 5);
      b->wifi_configured = b->ssid[0] != 0;
    }
  }
  fclose(f);
}

/* Rewrites the state file whole (write to a temporary file, then rename: never half-written). */
static bool save(host_board_t *b, const char *password) {
  if (!b->state_path) return true;
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%s.tmp", b->state_path);
  /* Keep the stored password when only the name changes. */
  char kept[SC_MAX_PASSWORD_BYTES + 1] = "";
  if (!password) {
    FILE *old = fopen(b->state_path, "r");
    char line[256];
    while (old && fgets(line, sizeof line, old)) {
      if (strncmp(line, "password=", 9) == 0) copy_line(kept, sizeof kept, line + 9);
    }
    if (old) fclose(old);
    password = kept;
  }
  FILE *f = fopen(tmp, "w");
  if (!f) return false;
  int ok = fprintf(f, "name=%s\nssid=%s\npassword=%s\n", b->name, b->ssid, password) > 0;
  ok = fclose(f) == 0 && ok;
  memset(kept, 0, sizeof kept);
  return ok && rename(tmp, b->state_path) == 0;
}

static bool save_name(void *ctx, const char *name) {
  host_board_t *b = ctx;
  snprintf(b->name, sizeof b->name, "%s", name);
  bool ok = save(b, NULL);
  fprintf(stderr, "signalcraft-sensor: named \"%s\"\n", name);
  return ok;
}

static bool save_wifi(void *ctx, const char *ssid, const char *password) {
  host_board_t *b = ctx;
  snprintf(b->ssid, sizeof b->ssid, "%s", ssid);
  b->wifi_configured = ssid[0] != 0;
  bool ok = save(b, password);
  /* Says that it happened, never what: no network name, no password. */
  fprintf(stderr, "signalcraft-sensor: Wi-Fi credentials %s\n", b->wifi_configured ? "stored" : "cleared");
  return ok;
}

static bool set_rates(void *ctx, uint32_t audio_hz, uint32_t vibration_hz) {
  host_board_t *b = ctx;
  uint64_t now = host_now_us();
  sc_sensor_reset_rings(b->sensor, audio_hz, vibration_hz);
  synth_reset(b->synth, now, audio_hz, vibration_hz);
  return true;
}

static void identify(void *ctx, uint16_t seconds) {
  (void)ctx;
  fprintf(stderr, "signalcraft-sensor: identify, LED blinking for %u s\n", seconds);
}

static void board_info(void *ctx, sc_board_info_t *info) {
  host_board_t *b = ctx;
  info->flags = b->wifi_configured ? SC_INFO_WIFI_CONFIGURED : 0;
  uint32_t h = 2166136261u;
  for (const char *p = b->device_id; *p; p++) h = (h ^ (uint8_t)*p) * 16777619u;
  const uint8_t mac[6] = {0x02, 0x53, (uint8_t)(h >> 24), (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h}; /* locally administered */
  memcpy(info->mac, mac, 6);
  info->flash_bytes = 0;
  snprintf(info->name, sizeof info->name, "%s", b->name);
  snprintf(info->chip, sizeof info->chip, "host build (no chip)");
  snprintf(info->idf_version, sizeof info->idf_version, "none");
  if (b->tcp) snprintf(info->ip, sizeof info->ip, "127.0.0.1:%u", b->tcp_port);
}

static uint32_t free_heap(void *ctx) {
  (void)ctx;
  return 200000; /* a PC has no such limit; a typical ESP32 figure keeps the app's view ordinary */
}

sc_board_ops_t host_board_ops(host_board_t *b) {
  return (sc_board_ops_t){
      .ctx = b,
      .set_rates = set_rates,
      .identify = identify,
      .save_name = save_name,
      .save_wifi = save_wifi,
      .board_info = board_info,
      .free_heap = free_heap,
  };
}
