/*
 * ADXL345 over SPI (mode 3, 5 MHz) at 3,200 Hz. Read one sample at a time the ESP32 reaches only a
 * few hundred Hz (FIELD-NOTES section 2); here the 32-entry FIFO runs in stream mode with a
 * watermark of 16, its interrupt wakes a task, and the task drains every entry in one burst of
 * back-to-back 6-byte SPI transactions, then hands the block to the core with its capture time.
 */
#include "board/board.h"
#include "driver/gpio.h"
#include "driver/spi_master.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "sdkconfig.h"

#define REG_DEVID 0x00
#define REG_BW_RATE 0x2C
#define REG_POWER_CTL 0x2D
#define REG_INT_ENABLE 0x2E
#define REG_INT_MAP 0x2F
#define REG_DATA_FORMAT 0x31
#define REG_DATAX0 0x32
#define REG_FIFO_CTL 0x38
#define REG_FIFO_STATUS 0x39
#define READ 0x80
#define MULTI 0x40
#define WATERMARK 16

static spi_device_handle_t dev;
static TaskHandle_t task;
static sc_sensor_t *core;
static uint32_t rate;
static volatile bool running;

static uint8_t rate_code(uint32_t hz) {
  switch (hz) {
    case 3200: return 0x0F;
    case 1600: return 0x0E;
    case 800: return 0x0D;
    case 400: return 0x0C;
    case 200: return 0x0B;
    case 100: return 0x0A;
    default: return 0;
  }
}

bool adxl345_rate_supported(uint32_t hz) { return rate_code(hz) != 0; }

static void write_reg(uint8_t reg, uint8_t value) {
  spi_transaction_t t = {.flags = SPI_TRANS_USE_TXDATA, .length = 16, .tx_data = {reg, value}};
  spi_device_polling_transmit(dev, &t);
}

static uint8_t read_reg(uint8_t reg) {
  spi_transaction_t t = {.flags = SPI_TRANS_USE_TXDATA | SPI_TRANS_USE_RXDATA, .length = 16, .tx_data = {reg | READ, 0}};
  spi_device_polling_transmit(dev, &t);
  return t.rx_data[1];
}

static void IRAM_ATTR on_watermark(void *arg) {
  (void)arg;
  BaseType_t woken = pdFALSE;
  if (task) vTaskNotifyGiveFromISR(task, &woken);
  portYIELD_FROM_ISR(woken);
}

static void adxl_task(void *arg) {
  (void)arg;
  static int16_t xyz[32 * 3];
  while (running) {
    ulTaskNotifyTake(pdTRUE, pdMS_TO_TICKS(50)); /* also polls, in case an edge was missed */
    uint64_t now = (uint64_t)esp_timer_get_time();
    int entries = read_reg(REG_FIFO_STATUS) & 0x3F;
    if (entries == 0) continue;
    spi_device_acquire_bus(dev, portMAX_DELAY);
    for (int i = 0; i < entries; i++) {
      /* One entry per transaction: the FIFO pops when CS rises after a multi-byte read of DATAX0..DATAZ1. */
      uint8_t tx[7] = {REG_DATAX0 | READ | MULTI}, rx[7];
      spi_transaction_t t = {.length = 56, .tx_buffer = tx, .rx_buffer = rx};
      spi_device_polling_transmit(dev, &t);
      xyz[i * 3] = (int16_t)(rx[1] | (rx[2] << 8));
      xyz[i * 3 + 1] = (int16_t)(rx[3] | (rx[4] << 8));
      xyz[i * 3 + 2] = (int16_t)(rx[5] | (rx[6] << 8));
    }
    spi_device_release_bus(dev);
    /* The newest entry was taken about now; the oldest `entries` periods before it. */
    uint64_t t0 = now - (uint64_t)(entries - 1) * 1000000u / rate;
    sc_ring_write(sc_sensor_vibration_ring(core), xyz, (size_t)entries, t0);
  }
  task = NULL;
  vTaskDelete(NULL);
}

esp_err_t adxl345_start(sc_sensor_t *sensor, uint32_t rate_hz) {
  if (!adxl345_rate_supported(rate_hz)) return ESP_ERR_INVALID_ARG;
  core = sensor;
  rate = rate_hz;
  if (!dev) {
    spi_bus_config_t bus = {.mosi_io_num = CONFIG_SC_PIN_SPI_MOSI, .miso_io_num = CONFIG_SC_PIN_SPI_MISO, .sclk_io_num = CONFIG_SC_PIN_SPI_SCLK,
                            .quadwp_io_num = -1, .quadhd_io_num = -1, .max_transfer_sz = 64};
    ESP_ERROR_CHECK(spi_bus_initialize(SPI2_HOST, &bus, SPI_DMA_DISABLED));
    spi_device_interface_config_t cfg = {.mode = 3, .clock_speed_hz = 5 * 1000 * 1000, .spics_io_num = CONFIG_SC_PIN_SPI_CS, .queue_size = 1};
    ESP_ERROR_CHECK(spi_bus_add_device(SPI2_HOST, &cfg, &dev));
  }
  if (read_reg(REG_DEVID) != 0xE5) return ESP_ERR_NOT_FOUND; /* no accelerometer answers: HELLO says so */
  write_reg(REG_POWER_CTL, 0x00);
  write_reg(REG_DATA_FORMAT, 0x0B); /* full resolution, +/-16 g: 1/256 g per count */
  write_reg(REG_BW_RATE, rate_code(rate_hz));
  write_reg(REG_FIFO_CTL, 0x80 | WATERMARK); /* stream mode */
  write_reg(REG_INT_MAP, 0x00);              /* everything on INT1 */
  write_reg(REG_INT_ENABLE, 0x02);           /* watermark */
  gpio_config_t io = {.pin_bit_mask = 1ULL << CONFIG_SC_PIN_ADXL_INT1, .mode = GPIO_MODE_INPUT, .intr_type = GPIO_INTR_POSEDGE};
  gpio_config(&io);
  gpio_install_isr_service(0);
  gpio_isr_handler_add(CONFIG_SC_PIN_ADXL_INT1, on_watermark, NULL);
  running = true;
  if (xTaskCreatePinnedToCore(adxl_task, "adxl", 4096, NULL, 11, &task, 1) != pdPASS) return ESP_ERR_NO_MEM;
  write_reg(REG_POWER_CTL, 0x08); /* measure */
  return ESP_OK;
}

void adxl345_stop(void) {
  running = false;
  if (task) xTaskNotifyGive(task);
  while (task) vTaskDelay(pdMS_TO_TICKS(5));
  write_reg(REG_POWER_CTL, 0x00);
  gpio_isr_handler_remove(CONFIG_SC_PIN_ADXL_INT1);
}
