/*
 * ACS712 (20 A version: 100 mV/A around half the supply, through a divider to the 3.3 V ADC) and
 * the battery on ADC1 with the chip's calibration. Current is the RMS over 40 ms (two 50 Hz
 * cycles) after removing the offset, so a stopped compressor reads about 0 A.
 */
#include <math.h>

#include "board/board.h"
#include "sc/transducer.h"
#include "esp_adc/adc_cali.h"
#include "esp_adc/adc_cali_scheme.h"
#include "esp_adc/adc_oneshot.h"
#include "esp_rom_sys.h"
#include "sdkconfig.h"

#define ACS712_V_PER_A 0.100f
#define ACS712_DIVIDER 1.5f /* 5 V output range scaled to 3.3 V */
#define SAMPLES 200

static adc_oneshot_unit_handle_t unit;
static adc_cali_handle_t cali;

esp_err_t analog_init(void) {
  adc_oneshot_unit_init_cfg_t ucfg = {.unit_id = ADC_UNIT_1};
  esp_err_t err = adc_oneshot_new_unit(&ucfg, &unit);
  if (err != ESP_OK) return err;
  adc_oneshot_chan_cfg_t ccfg = {.atten = ADC_ATTEN_DB_12, .bitwidth = ADC_BITWIDTH_DEFAULT};
  adc_oneshot_config_channel(unit, CONFIG_SC_ADC_CURRENT_CHANNEL, &ccfg);
  adc_oneshot_config_channel(unit, CONFIG_SC_ADC_BATTERY_CHANNEL, &ccfg);
#if CONFIG_SC_PRESSURE_TRANSDUCERS
  adc_oneshot_config_channel(unit, CONFIG_SC_ADC_SUCTION_CHANNEL, &ccfg);
  adc_oneshot_config_channel(unit, CONFIG_SC_ADC_DISCHARGE_CHANNEL, &ccfg);
#if CONFIG_SC_ADC_SUPPLY_CHANNEL >= 0
  adc_oneshot_config_channel(unit, CONFIG_SC_ADC_SUPPLY_CHANNEL, &ccfg);
#endif
#endif
#if ADC_CALI_SCHEME_CURVE_FITTING_SUPPORTED
  adc_cali_curve_fitting_config_t c = {.unit_id = ADC_UNIT_1, .atten = ADC_ATTEN_DB_12, .bitwidth = ADC_BITWIDTH_DEFAULT};
  adc_cali_create_scheme_curve_fitting(&c, &cali);
#else
  adc_cali_line_fitting_config_t c = {.unit_id = ADC_UNIT_1, .atten = ADC_ATTEN_DB_12, .bitwidth = ADC_BITWIDTH_DEFAULT};
  adc_cali_create_scheme_line_fitting(&c, &cali);
#endif
  return ESP_OK;
}

static float volts(int channel) {
  int raw = 0, mv = 0;
  if (adc_oneshot_read(unit, channel, &raw) != ESP_OK) return NAN;
  if (cali && adc_cali_raw_to_voltage(cali, raw, &mv) == ESP_OK) return (float)mv / 1000.0f;
  return (float)raw * 3.3f / 4095.0f;
}

float analog_current_rms_a(void) {
  float sum = 0, sq = 0;
  for (int i = 0; i < SAMPLES; i++) {
    float v = volts(CONFIG_SC_ADC_CURRENT_CHANNEL) * ACS712_DIVIDER;
    if (isnan(v)) return NAN;
    sum += v;
    sq += v * v;
    esp_rom_delay_us(150);
  }
  float mean = sum / SAMPLES, var = sq / SAMPLES - mean * mean;
  return sqrtf(var > 0 ? var : 0) / ACS712_V_PER_A;
}

uint8_t analog_battery_percent(void) {
  float v = volts(CONFIG_SC_ADC_BATTERY_CHANNEL) * 2.0f;
  if (isnan(v) || v < 2.5f) return SC_STATUS_BATTERY_ABSENT; /* on USB power with no cell */
  float pct = (v - 3.3f) / (4.2f - 3.3f) * 100.0f;
  return (uint8_t)(pct < 0 ? 0 : pct > 100 ? 100 : pct);
}

#if CONFIG_SC_PRESSURE_TRANSDUCERS
#ifdef CONFIG_SC_PRESSURE_SEALED
#define SEALED true
#else
#define SEALED false
#endif

/* The mean of a few reads: the pressure moves slowly, the ADC's noise does not. */
static float volts_mean(int channel, float divider) {
  float sum = 0;
  for (int i = 0; i < 16; i++) {
    float v = volts(channel);
    if (isnan(v)) return NAN;
    sum += v;
  }
  return sum / 16.0f * divider;
}

void analog_pressures_kpa(float *suction_kpa, float *discharge_kpa) {
#if CONFIG_SC_ADC_SUPPLY_CHANNEL >= 0
  /* 2:1, as the battery's: 5 V through 1.5:1 would be 3.33 V, past the ADC's top at 12 dB. */
  float supply = volts_mean(CONFIG_SC_ADC_SUPPLY_CHANNEL, 2.0f);
#else
  float supply = 5.0f;
#endif
  const sc_transducer_t suction = {.span_kpa = (float)CONFIG_SC_SUCTION_SPAN_KPA, .sealed_gauge = SEALED};
  const sc_transducer_t discharge = {.span_kpa = (float)CONFIG_SC_DISCHARGE_SPAN_KPA, .sealed_gauge = SEALED};
  *suction_kpa = sc_transducer_kpa(&suction, volts_mean(CONFIG_SC_ADC_SUCTION_CHANNEL, ACS712_DIVIDER), supply);
  *discharge_kpa = sc_transducer_kpa(&discharge, volts_mean(CONFIG_SC_ADC_DISCHARGE_CHANNEL, ACS712_DIVIDER), supply);
}
#else
void analog_pressures_kpa(float *suction_kpa, float *discharge_kpa) {
  *suction_kpa = NAN;
  *discharge_kpa = NAN;
}
#endif
