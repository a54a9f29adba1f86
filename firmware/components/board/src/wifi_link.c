/*
 * Wi-Fi: the station joins the network stored by provisioning; with none stored, or after 20 s
 * without a connection, the sensor also opens its own access point "SignalCraft-XXXXXX" (open, for
 * streaming only: provisioning is refused over the network) so a site without Wi-Fi still works.
 * A TCP server takes one client at a time (a new one replaces the old, as after a half-open link)
 * and mDNS advertises `_signalcraft._tcp` with TXT id, fw, model, proto and name.
 */
#include <string.h>

#include "board/board.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

#include "esp_event.h"
#include "esp_mac.h"
#include "esp_netif.h"
#include "esp_timer.h"
#include "esp_wifi.h"
#include "lwip/sockets.h"
#include "mdns.h"
#include "sdkconfig.h"

#define STATION_GRACE_US (20 * 1000 * 1000)

static wifi_state_t state;
static int listen_fd = -1, client = -1;
static int64_t station_since;
static esp_netif_t *sta_netif, *ap_netif;
static char txt_name[SC_MAX_NAME_BYTES + 1];

static void start_ap(void) {
  if (state.ap_active) return;
  wifi_config_t ap = {0};
  strncpy((char *)ap.ap.ssid, state.ap_ssid, sizeof ap.ap.ssid);
  ap.ap.ssid_len = (uint8_t)strlen(state.ap_ssid);
  ap.ap.channel = 6;
  ap.ap.max_connection = 2;
  ap.ap.authmode = WIFI_AUTH_OPEN;
  esp_wifi_set_mode(WIFI_MODE_APSTA);
  esp_wifi_set_config(WIFI_IF_AP, &ap);
  state.ap_active = true;
}

static void apply_station(void) {
  wifi_config_t sta = {0};
  char ssid[33] = "", password[64] = "";
  state.configured = store_get_wifi(ssid, sizeof ssid, password, sizeof password) && ssid[0];
  if (state.configured) {
    memcpy(sta.sta.ssid, ssid, strlen(ssid));
    memcpy(sta.sta.password, password, strlen(password));
    sta.sta.threshold.authmode = password[0] ? WIFI_AUTH_WPA2_PSK : WIFI_AUTH_OPEN;
    esp_wifi_set_config(WIFI_IF_STA, &sta);
  }
  memset(password, 0, sizeof password);
  memset(&sta, 0, sizeof sta);
  station_since = esp_timer_get_time();
  esp_wifi_disconnect();
  if (state.configured) esp_wifi_connect();
  else start_ap();
}

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data) {
  (void)arg;
  (void)data;
  if (base == WIFI_EVENT && id == WIFI_EVENT_STA_DISCONNECTED) {
    state.station_connected = false;
    state.ip[0] = 0;
    if (state.configured) esp_wifi_connect(); /* keep trying; the AP opens after the grace period */
  } else if (base == IP_EVENT && id == IP_EVENT_STA_GOT_IP) {
    ip_event_got_ip_t *e = data;
    state.station_connected = true;
    esp_ip4addr_ntoa(&e->ip_info.ip, state.ip, sizeof state.ip);
  }
}

static void start_server(void) {
  listen_fd = socket(AF_INET, SOCK_STREAM, IPPROTO_IP);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(CONFIG_SC_TCP_PORT), .sin_addr.s_addr = htonl(INADDR_ANY)};
  int yes = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  bind(listen_fd, (struct sockaddr *)&a, sizeof a);
  listen(listen_fd, 1);
  fcntl(listen_fd, F_SETFL, O_NONBLOCK);
}

esp_err_t wifi_link_start(const char *device_id, const char *name, const char *firmware_version, const char *model) {
  uint8_t mac[6];
  esp_read_mac(mac, ESP_MAC_WIFI_STA);
  snprintf(state.ap_ssid, sizeof state.ap_ssid, "SignalCraft-%02X%02X%02X", mac[3], mac[4], mac[5]);
  ESP_ERROR_CHECK(esp_netif_init());
  ESP_ERROR_CHECK(esp_event_loop_create_default());
  sta_netif = esp_netif_create_default_wifi_sta();
  ap_netif = esp_netif_create_default_wifi_ap();
  wifi_init_config_t cfg = WIFI_INIT_CONFIG_DEFAULT();
  ESP_ERROR_CHECK(esp_wifi_init(&cfg));
  esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID, on_event, NULL);
  esp_event_handler_register(IP_EVENT, IP_EVENT_STA_GOT_IP, on_event, NULL);
  esp_wifi_set_storage(WIFI_STORAGE_RAM); /* credentials live in our NVS namespace only */
  esp_wifi_set_mode(WIFI_MODE_STA);
  ESP_ERROR_CHECK(esp_wifi_start());
  apply_station();
  start_server();
  mdns_init();
  mdns_hostname_set(device_id);
  snprintf(txt_name, sizeof txt_name, "%s", name ? name : "");
  mdns_txt_item_t txt[] = {{"id", device_id}, {"fw", firmware_version}, {"model", model}, {"proto", "1"}, {"name", txt_name}};
  mdns_service_add(NULL, "_signalcraft", "_tcp", CONFIG_SC_TCP_PORT, txt, 5);
  return ESP_OK;
}

void wifi_link_update_name(const char *name) {
  snprintf(txt_name, sizeof txt_name, "%s", name);
  mdns_service_txt_item_set("_signalcraft", "_tcp", "name", txt_name);
}

void wifi_link_reconfigure(void) { apply_station(); }

void wifi_link_state(wifi_state_t *out) {
  if (!state.station_connected && esp_timer_get_time() - station_since > STATION_GRACE_US) start_ap();
  wifi_ap_record_t ap;
  state.rssi = state.station_connected && esp_wifi_sta_get_ap_info(&ap) == ESP_OK ? ap.rssi : SC_STATUS_RSSI_ABSENT;
  if (!state.station_connected && state.ap_active) snprintf(state.ip, sizeof state.ip, "192.168.4.1");
  *out = state;
}

tcp_event_t tcp_link_service(void) {
  if (listen_fd < 0) return TCP_NONE;
  int c = accept(listen_fd, NULL, NULL);
  if (c < 0) return TCP_NONE;
  fcntl(c, F_SETFL, O_NONBLOCK);
  int yes = 1;
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  if (client >= 0) close(client); /* one client: the newest wins */
  client = c;
  return TCP_CONNECTED;
}

int tcp_link_read(uint8_t *buf, int len) {
  if (client < 0) return 0;
  int n = recv(client, buf, len, MSG_DONTWAIT);
  if (n > 0) return n;
  if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
    close(client);
    client = -1;
    return -1; /* the caller marks the port disconnected */
  }
  return 0;
}

int tcp_link_write(const uint8_t *buf, int len) {
  if (client < 0) return 0;
  int n = send(client, buf, len, MSG_DONTWAIT);
  return n > 0 ? n : 0;
}
