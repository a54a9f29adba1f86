/*
 * I2S MEMS microphone at 16 kHz (configurable). DMA buffers of 64 frames; a task on core 1 reads
 * them, keeps the top 16 of the 24 significant bits, and writes them to the core's audio ring with
 * the capture time of the first sample (the time the DMA buffer completed, minus its length).
 */
#include "board/board.h"
#include "driver/i2s_std.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "sdkconfig.h"

#define FRAMES 64

static i2s_chan_handle_t rx;
static TaskHandle_t task;
static sc_sensor_t *core;
static uint32_t rate;
static volatile bool running;

static void mic_task(void *arg) {
  (void)arg;
  static int32_t raw[FRAMES];
  static int16_t pcm[FRAMES];
  while (running) {
    size_t got = 0;
    if (i2s_channel_read(rx, raw, sizeof raw, &got, pdMS_TO_TICKS(100)) != ESP_OK || got == 0) continue;
    size_t n = got / sizeof raw[0];
    uint64_t t = (uint64_t)esp_timer_get_time() - (uint64_t)n * 1000000u / rate;
    for (size_t i = 0; i < n; i++) pcm[i] = (int16_t)(raw[i] >> 16);
    sc_ring_write(sc_sensor_audio_ring(core), pcm, n, t);
  }
  task = NULL;
  vTaskDelete(NULL);
}

esp_err_t mic_start(sc_sensor_t *sensor, uint32_t rate_hz) {
  core = sensor;
  rate = rate_hz;
  i2s_chan_config_t chan = I2S_CHANNEL_DEFAULT_CONFIG(I2S_NUM_0, I2S_ROLE_MASTER);
  chan.dma_desc_num = 8;
  chan.dma_frame_num = FRAMES;
  ESP_ERROR_CHECK(i2s_new_channel(&chan, NULL, &rx));
  i2s_std_config_t std = {
      .clk_cfg = I2S_STD_CLK_DEFAULT_CONFIG(rate_hz),
      .slot_cfg = I2S_STD_PHILIPS_SLOT_DEFAULT_CONFIG(I2S_DATA_BIT_WIDTH_32BIT, I2S_SLOT_MODE_MONO),
      .gpio_cfg = {.mclk = I2S_GPIO_UNUSED, .bclk = CONFIG_SC_PIN_I2S_BCLK, .ws = CONFIG_SC_PIN_I2S_WS, .dout = I2S_GPIO_UNUSED, .din = CONFIG_SC_PIN_I2S_DIN},
  };
  std.slot_cfg.slot_mask = I2S_STD_SLOT_LEFT;
  ESP_ERROR_CHECK(i2s_channel_init_std_mode(rx, &std));
  ESP_ERROR_CHECK(i2s_channel_enable(rx));
  running = true;
  return xTaskCreatePinnedToCore(mic_task, "mic", 4096, NULL, 10, &task, 1) == pdPASS ? ESP_OK : ESP_ERR_NO_MEM;
}

void mic_stop(void) {
  running = false;
  while (task) vTaskDelay(pdMS_TO_TICKS(5));
  i2s_channel_disable(rx);
  i2s_del_channel(rx);
}
