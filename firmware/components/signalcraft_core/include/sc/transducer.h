/*
 * Ratiometric pressure transducers (0.5-4.5 V on a 5 V supply: 10-90 % of the supply, the common
 * HVAC/R kind, e.g. Danfoss AKS 32R, Sensata 2CP5) to absolute kPa. Portable and pure so the host
 * tests can hold every edge; the board layer only reads the ADC.
 */
#ifndef SC_TRANSDUCER_H
#define SC_TRANSDUCER_H

#include <stdbool.h>

typedef struct {
  float span_kpa;   /* pressure at 90 % of the supply (the 4.5 V end); 0 kPa at 10 % */
  bool sealed_gauge; /* false: reads gauge (relative to the air), so the atmosphere is added */
} sc_transducer_t;

/* Standard atmosphere: a gauge transducer's zero, added to report absolute pressure. */
#define SC_ATMOSPHERE_KPA 101.325f

/*
 * `signal_v` the transducer's output, `supply_v` its supply as measured (ratiometric: a sagging
 * 5 V rail moves the output with it, so the ratio is what counts). NaN when the ratio is outside
 * 5-95 % of the supply (an open or shorted wire, no transducer fitted) or an input is not a number:
 * a broken signal must never look like a pressure.
 */
float sc_transducer_kpa(const sc_transducer_t *t, float signal_v, float supply_v);

#endif
