/* The identify LED: blinks at 2 Hz for the asked seconds, from a timer (never the link task). */
#include "board/board.h"
#include "driver/gpio.h"
#include "esp_timer.h"
#include "sdkconfig.h"

static esp_timer_handle_t timer;
static int remaining;

static void tick(void *arg) {
  (void)arg;
  gpio_set_level(CONFIG_SC_PIN_LED, remaining-- % 2);
  if (remaining <= 0) {
    esp_timer_stop(timer);
    gpio_set_level(CONFIG_SC_PIN_LED, 0);
  }
}

void led_init(void) {
  gpio_reset_pin(CONFIG_SC_PIN_LED);
  gpio_set_direction(CONFIG_SC_PIN_LED, GPIO_MODE_OUTPUT);
  esp_timer_create_args_t args = {.callback = tick, .name = "identify"};
  esp_timer_create(&args, &timer);
}

void led_identify(uint16_t seconds) {
  esp_timer_stop(timer);
  remaining = seconds * 4;
  if (remaining > 0) esp_timer_start_periodic(timer, 250 * 1000);
}
