#include "sc/transducer.h"

#include <math.h>

/* 10 % and 90 % of the supply are the ends of the span; beyond 5 % and 95 % the wiring is at fault. */
#define RATIO_ZERO 0.10f
#define RATIO_FULL 0.90f
#define RATIO_MIN_VALID 0.05f
#define RATIO_MAX_VALID 0.95f

float sc_transducer_kpa(const sc_transducer_t *t, float signal_v, float supply_v) {
  if (!t || !isfinite(signal_v) || !isfinite(supply_v) || supply_v <= 0.0f || !(t->span_kpa > 0.0f)) return NAN;
  float ratio = signal_v / supply_v;
  if (ratio < RATIO_MIN_VALID || ratio > RATIO_MAX_VALID) return NAN;
  float kpa = (ratio - RATIO_ZERO) / (RATIO_FULL - RATIO_ZERO) * t->span_kpa;
  if (!t->sealed_gauge) kpa += SC_ATMOSPHERE_KPA;
  /* Between 5 % and 10 % a gauge transducer reads a vacuum; an absolute pressure is never below 0. */
  return kpa < 0.0f ? 0.0f : kpa;
}
