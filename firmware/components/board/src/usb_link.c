/*
 * The USB side. ESP32-WROOM boards: UART0 through the CP210x/CH340 bridge at 921600 baud, 8N1, no
 * flow control. ESP32-S3: the native USB-Serial/JTAG (303A:1001), where the baud rate is moot.
 * Neither resets the chip when the app opens the port: the app never toggles DTR/RTS, and the
 * firmware does not rely on them either. Writes take what fits in the driver's buffer and return.
 */
#include "board/board.h"
#include "sdkconfig.h"

#if CONFIG_IDF_TARGET_ESP32S3
#include "driver/usb_serial_jtag.h"

esp_err_t usb_link_start(void) {
  usb_serial_jtag_driver_config_t cfg = {.rx_buffer_size = 1024, .tx_buffer_size = 16384};
  return usb_serial_jtag_driver_install(&cfg);
}
int usb_link_read(uint8_t *buf, int len) { return usb_serial_jtag_read_bytes(buf, (uint32_t)len, 0); }
int usb_link_write(const uint8_t *buf, int len) { return usb_serial_jtag_write_bytes(buf, (size_t)len, 0); }
bool usb_link_native(void) { return true; }
#else
#include "driver/uart.h"

#define PORT UART_NUM_0
#define TX_BUFFER 16384

esp_err_t usb_link_start(void) {
  uart_config_t cfg = {.baud_rate = 921600, .data_bits = UART_DATA_8_BITS, .parity = UART_PARITY_DISABLE, .stop_bits = UART_STOP_BITS_1,
                       .flow_ctrl = UART_HW_FLOWCTRL_DISABLE, .source_clk = UART_SCLK_DEFAULT};
  esp_err_t err = uart_driver_install(PORT, 1024, TX_BUFFER, 0, NULL, 0);
  if (err != ESP_OK) return err;
  return uart_param_config(PORT, &cfg);
}
int usb_link_read(uint8_t *buf, int len) { return uart_read_bytes(PORT, buf, (uint32_t)len, 0); }
int usb_link_write(const uint8_t *buf, int len) {
  size_t room = 0;
  uart_get_tx_buffer_free_size(PORT, &room);
  if (room == 0) return 0;
  /* uart_write_bytes blocks only when the ring is full: never ask for more than it has room for. */
  return uart_write_bytes(PORT, buf, (size_t)len < room ? (size_t)len : room);
}
bool usb_link_native(void) { return false; }
#endif
