/*
 * The host sensor's links. The pty stands for the USB cable: the app opens the slave end through
 * a link in the simulator's port folder (the record next to it is what the app trusts, as for
 * `signalcraft-field simulate --serial`). TCP stands for Wi-Fi: one client at a time, a new one
 * replaces the old. Writes never block: what the link does not take waits in the core's send
 * buffer, and what does not fit there is dropped and counted by the core.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "host.h"

static void drain(int fd, int port, sc_sensor_t *s, bool socket) {
  const uint8_t *data;
  size_t n;
  while ((n = sc_sensor_tx_peek(s, port, &data)) > 0) {
    ssize_t w = socket ? send(fd, data, n, MSG_NOSIGNAL | MSG_DONTWAIT) : write(fd, data, n);
    if (w <= 0) return; /* EAGAIN: the link is full; try again on the next loop */
    sc_sensor_tx_consume(s, port, (size_t)w);
  }
}

static bool read_into(int fd, int port, sc_sensor_t *s) {
  uint8_t buf[512];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r > 0) {
      sc_sensor_receive(s, port, buf, (size_t)r, host_now_us());
      continue;
    }
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;
    return false; /* 0: closed; EIO: the other end of a pty is closed */
  }
}

bool pty_open(pty_link_t *l, const char *dir, const char *name) {
  memset(l, 0, sizeof *l);
  l->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (l->master < 0 || grantpt(l->master) != 0 || unlockpt(l->master) != 0) {
    perror("signalcraft-sensor: posix_openpt");
    return false;
  }
  const char *slave = ptsname(l->master);
  /* Raw from the start: no echo, no newline translation, whatever the app does first. */
  int fd = open(slave, O_RDWR | O_NOCTTY);
  if (fd >= 0) {
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
      cfmakeraw(&t);
      cfsetispeed(&t, B921600);
      cfsetospeed(&t, B921600);
      tcsetattr(fd, TCSANOW, &t);
    }
    close(fd); /* nobody has the cable end open now: the sensor sends into the void */
  }
  snprintf(l->link_path, sizeof l->link_path, "%s/%s", dir, name);
  snprintf(l->record_path, sizeof l->record_path, "%s/%s.port.json", dir, name);
  unlink(l->link_path);
  if (symlink(slave, l->link_path) != 0) {
    perror("signalcraft-sensor: symlink");
    return false;
  }
  FILE *f = fopen(l->record_path, "w");
  if (!f) {
    perror("signalcraft-sensor: port record");
    return false;
  }
  fprintf(f, "{\"deviceId\":\"%s\",\"path\":\"%s\",\"pty\":\"%s\",\"pid\":%d}\n", name, l->link_path, slave, (int)getpid());
  fclose(f);
  return true;
}

void pty_close(pty_link_t *l) {
  if (l->record_path[0]) unlink(l->record_path);
  if (l->link_path[0]) unlink(l->link_path);
  if (l->master >= 0) close(l->master);
  l->master = -1;
}

void pty_service(pty_link_t *l, sc_sensor_t *s, bool readable) {
  /* POLLHUP on the master: the app's end is closed. A USB UART cannot tell; the pty can, and
   * treating it as the cable pulled keeps stale frames out of the app's next open. */
  struct pollfd p = {.fd = l->master, .events = POLLIN};
  poll(&p, 1, 0);
  bool open_now = !(p.revents & POLLHUP);
  if (open_now != l->connected) {
    l->connected = open_now;
    sc_sensor_port_connected(s, l->port, open_now);
  }
  if (!l->connected) return;
  if (readable || (p.revents & POLLIN)) read_into(l->master, l->port, s);
  drain(l->master, l->port, s, false);
}

bool tcp_open(tcp_link_t *l, const char *host, uint16_t port) {
  l->client = -1;
  l->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int yes = 1;
  setsockopt(l->listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
    fprintf(stderr, "signalcraft-sensor: %s is not an IPv4 address\n", host);
    return false;
  }
  if (bind(l->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(l->listen_fd, 2) != 0) {
    perror("signalcraft-sensor: tcp listen");
    return false;
  }
  socklen_t len = sizeof a;
  getsockname(l->listen_fd, (struct sockaddr *)&a, &len);
  l->bound_port = ntohs(a.sin_port);
  return true;
}

void tcp_drop(tcp_link_t *l, sc_sensor_t *s) {
  if (l->client < 0) return;
  close(l->client);
  l->client = -1;
  sc_sensor_port_connected(s, l->port, false);
}

void tcp_close(tcp_link_t *l) {
  if (l->client >= 0) close(l->client);
  if (l->listen_fd >= 0) close(l->listen_fd);
}

void tcp_accept(tcp_link_t *l, sc_sensor_t *s) {
  int c = accept4(l->listen_fd, NULL, NULL, SOCK_NONBLOCK);
  if (c < 0) return;
  tcp_drop(l, s); /* one client: a new connection replaces a half-open old one */
  int yes = 1;
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  l->client = c;
  sc_sensor_port_connected(s, l->port, true);
}

void tcp_service(tcp_link_t *l, sc_sensor_t *s, bool readable) {
  if (l->client < 0) return;
  if (readable && !read_into(l->client, l->port, s)) {
    tcp_drop(l, s);
    return;
  }
  drain(l->client, l->port, s, true);
}

void stdio_service(int port, sc_sensor_t *s, bool readable, bool *eof) {
  if (readable && !read_into(STDIN_FILENO, port, s)) *eof = true;
  drain(STDOUT_FILENO, port, s, false);
}
