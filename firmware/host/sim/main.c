/*
 * signalcraft-sensor: the firmware's portable core on a PC. It behaves as a SignalCraft sensor on
 * a pseudo-terminal (the USB cable) and on TCP (Wi-Fi), fed by synthesized samples, so the app's
 * tests meet the same C code that runs on the ESP32. See firmware/README.md.
 */
#include <math.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "sc/protocol.h"

#ifndef SC_FIRMWARE_VERSION
#define SC_FIRMWARE_VERSION "0.1.0"
#endif
#define CATCH_UP_SLICE_US 10000u /* see the main loop */

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static uint64_t boot_ns;
uint64_t host_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  return (ns - boot_ns) / 1000u;
}

static void usage(void) {
  fputs(
      "usage: signalcraft-sensor [options]\n"
      "  --device-id ID     the sensor's id (default: fw-<pid>)\n"
      "  --pty-dir DIR      a USB-like serial port: a pty linked as DIR/<id> with its record (the app's simulator folder)\n"
      "  --tcp PORT         listen on TCP (0: any free port); --host ADDR (default 127.0.0.1)\n"
      "  --stdio            speak the protocol on stdin/stdout as a USB link (for protocol tests)\n"
      "  --state FILE       where the name and Wi-Fi credentials are kept (as the chip's NVS)\n"
      "  --audio-hz N       default 16000; --vibration-hz N default 3200; --reading-hz X default 2\n"
      "Lines on stdin (not with --stdio): stats, drop (drop the TCP client), quit.\n",
      stderr);
}

static void print_stats(const sc_sensor_t *s) {
  printf("{\"stats\":{\"uptimeUs\":%llu,\"droppedSamples\":%llu,\"ports\":[", (unsigned long long)host_now_us(),
         (unsigned long long)sc_sensor_dropped_samples(s));
  for (unsigned i = 0; i < s->port_count; i++) {
    const sc_port_t *p = &s->ports[i];
    printf("%s{\"kind\":\"%s\",\"connected\":%s,\"framesSent\":%llu,\"framesDropped\":%llu,\"framesUnsent\":%llu,\"bytes\":%llu,\"rxBad\":%llu}",
           i ? "," : "", p->kind == SC_PORT_USB ? "usb" : "net", p->connected ? "true" : "false", (unsigned long long)p->frames_sent,
           (unsigned long long)p->frames_dropped, (unsigned long long)p->frames_unsent, (unsigned long long)p->bytes_queued,
           (unsigned long long)p->rx_bad);
  }
  printf("]}}\n");
  fflush(stdout);
}

static sc_sensor_t sensor;

int main(int argc, char **argv) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  boot_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  char default_id[32];
  snprintf(default_id, sizeof default_id, "fw-%d", (int)getpid());
  const char *device_id = default_id, *pty_dir = NULL, *host = "127.0.0.1", *state = NULL;
  long tcp_port = -1;
  bool use_stdio = false;
  uint32_t audio_hz = 16000, vibration_hz = 3200;
  float reading_hz = 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--stdio")) {
      use_stdio = true;
      continue;
    }
    if (!strcmp(a, "--help")) {
      usage();
      return 0;
    }
    if (!v) {
      fprintf(stderr, "signalcraft-sensor: %s needs a value\n", a);
      usage();
      return 2;
    }
    i++;
    if (!strcmp(a, "--device-id")) device_id = v;
    else if (!strcmp(a, "--pty-dir")) pty_dir = v;
    else if (!strcmp(a, "--tcp")) tcp_port = strtol(v, NULL, 10);
    else if (!strcmp(a, "--host")) host = v;
    else if (!strcmp(a, "--state")) state = v;
    else if (!strcmp(a, "--audio-hz")) audio_hz = (uint32_t)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--vibration-hz")) vibration_hz = (uint32_t)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--reading-hz")) reading_hz = strtof(v, NULL);
    else {
      fprintf(stderr, "signalcraft-sensor: unknown option %s\n", a);
      usage();
      return 2;
    }
  }
  size_t id_len = strlen(device_id);
  if (id_len < 1 || id_len > 64 || strspn(device_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != id_len) {
    fprintf(stderr, "signalcraft-sensor: the device id must be 1 to 64 letters, digits, dots, dashes or underscores\n");
    return 2;
  }
  if (!pty_dir && tcp_port < 0 && !use_stdio) {
    fprintf(stderr, "signalcraft-sensor: choose --pty-dir, --tcp or --stdio\n");
    usage();
    return 2;
  }
  if (tcp_port > 65535) {
    fprintf(stderr, "signalcraft-sensor: --tcp takes a port from 0 to 65535\n");
    return 2;
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);

  static synth_t synth;
  static host_board_t board;
  board.state_path = state;
  board.device_id = device_id;
  board.sensor = &sensor;
  board.synth = &synth;
  host_board_load(&board);
  sc_board_ops_t ops = host_board_ops(&board);
  uint32_t boot_id = (uint32_t)(boot_ns ^ ((uint64_t)getpid() << 20)) | 1u;
  sc_sensor_config_t cfg = {
      .device_id = device_id,
      .firmware_version = SC_FIRMWARE_VERSION,
      .model = "SignalCraft ESP32 sensor (host build)",
      .capabilities = SC_CAP_AUDIO | SC_CAP_VIBRATION | SC_CAP_TEMPERATURE | SC_CAP_CURRENT | SC_CAP_POWER | SC_CAP_BATTERY,
      .boot_id = boot_id,
      .audio_hz = audio_hz,
      .vibration_hz = vibration_hz,
      .reading_hz = reading_hz,
      .vibration_scale_g = 1.0f / 256, /* ADXL345 at full resolution */
      .audio_block = 256,
      .vibration_block = 64,
  };
  if (!sc_sensor_init(&sensor, &cfg, &ops, host_now_us())) {
    fprintf(stderr, "signalcraft-sensor: impossible block sizes\n");
    return 2;
  }
  synth_init(&synth, boot_id);

  static pty_link_t pty = {.master = -1};
  static tcp_link_t tcp = {.listen_fd = -1, .client = -1};
  int stdio_port = -1;
  if (use_stdio) {
    stdio_port = sc_sensor_add_port(&sensor, SC_PORT_USB, true);
    fcntl(STDOUT_FILENO, F_SETFL, fcntl(STDOUT_FILENO, F_GETFL) | O_NONBLOCK);
  }
  if (pty_dir) {
    if (!pty_open(&pty, pty_dir, device_id)) return 1;
    pty.port = sc_sensor_add_port(&sensor, SC_PORT_USB, false);
    printf("pty: %s\n", pty.link_path);
  }
  if (tcp_port >= 0) {
    if (!tcp_open(&tcp, host, (uint16_t)tcp_port)) return 1;
    tcp.port = sc_sensor_add_port(&sensor, SC_PORT_NET, false);
    board.tcp = true;
    board.tcp_port = tcp.bound_port;
    printf("tcp: %s:%u\n", host, tcp.bound_port);
  }
  if (!use_stdio) {
    printf("device: %s, firmware %s, audio %u Hz, vibration %u Hz\n", device_id, SC_FIRMWARE_VERSION, audio_hz, vibration_hz);
    fflush(stdout);
  }
  sc_slow_t slow = {.temperature_c = 6.5f, .current_a = 4.2f, .power_w = 920.0f, .quality = 0.95f, .suction_kpa = NAN, .discharge_kpa = NAN, .battery_percent = 87, .rssi_dbm = -58, .status_flags = 0};
  sc_sensor_set_slow(&sensor, &slow);
  sc_sensor_boot(&sensor, host_now_us());

  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  char line[128];
  size_t line_len = 0;
  bool eof = false, watch_stdin = true;
  uint64_t produced_us = host_now_us();
  while (!stop_requested && !eof) {
    struct pollfd fds[4];
    int n = 0, i_stdin = -1, i_listen = -1, i_client = -1, i_pty = -1;
    if (watch_stdin) {
      fds[n] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
      i_stdin = n++;
    }
    if (tcp.listen_fd >= 0) {
      fds[n] = (struct pollfd){.fd = tcp.listen_fd, .events = POLLIN};
      i_listen = n++;
    }
    if (tcp.client >= 0) {
      fds[n] = (struct pollfd){.fd = tcp.client, .events = POLLIN};
      i_client = n++;
    }
    if (pty.master >= 0 && pty.connected) {
      fds[n] = (struct pollfd){.fd = pty.master, .events = POLLIN};
      i_pty = n++;
    }
    poll(fds, (nfds_t)n, 2); /* the sampling clock ticks every 2 ms whatever arrives */
    uint64_t now = host_now_us();
    /* Back from a wait the host's scheduler imposed (a loaded laptop): catch up in 10 ms slices with
     * the links drained between them, as the ESP32's I2S DMA and its Wi-Fi task interleave. One
     * burst of the whole wait would overflow the 0.3 s send buffer, a loss no real sensor meets. */
    while (produced_us + CATCH_UP_SLICE_US < now) {
      produced_us += CATCH_UP_SLICE_US;
      synth_produce(&synth, &sensor, produced_us);
      sc_sensor_poll(&sensor, produced_us);
      if (use_stdio) stdio_service(stdio_port, &sensor, false, &eof);
      if (pty.master >= 0) pty_service(&pty, &sensor, false);
      if (tcp.client >= 0) tcp_service(&tcp, &sensor, false);
    }
    produced_us = now;
    synth_produce(&synth, &sensor, now);
    if (i_listen >= 0 && (fds[i_listen].revents & POLLIN)) tcp_accept(&tcp, &sensor);
    sc_sensor_poll(&sensor, now);
    if (use_stdio) {
      stdio_service(stdio_port, &sensor, fds[i_stdin].revents & (POLLIN | POLLHUP), &eof);
    } else if (i_stdin >= 0 && (fds[i_stdin].revents & (POLLIN | POLLHUP))) {
      char c;
      ssize_t r;
      while ((r = read(STDIN_FILENO, &c, 1)) == 1) {
        if (c != '\n' && line_len < sizeof line - 1) {
          line[line_len++] = c;
          continue;
        }
        line[line_len] = 0;
        line_len = 0;
        if (!strcmp(line, "stats")) print_stats(&sensor);
        else if (!strcmp(line, "drop")) tcp_drop(&tcp, &sensor);
        else if (!strcmp(line, "quit")) stop_requested = 1;
      }
      if (r == 0) watch_stdin = false; /* stdin closed (started from a script): keep running */
    }
    if (pty.master >= 0) pty_service(&pty, &sensor, i_pty >= 0 && (fds[i_pty].revents & (POLLIN | POLLHUP)));
    if (i_client >= 0 || tcp.client >= 0) tcp_service(&tcp, &sensor, i_client >= 0 && (fds[i_client].revents & (POLLIN | POLLHUP | POLLERR)));
  }
  if (!use_stdio) print_stats(&sensor);
  pty_close(&pty);
  tcp_close(&tcp);
  return 0;
}
