/**
 * What the sensor hardware can actually do (docs/field-facts.md §2: an I2S MEMS microphone at 16 kHz, an
 * ADXL345 with output data rates up to 3200 Hz, readings about once a second). A HELLO announcing a
 * rate outside these ranges is not believed (issue 14, case 8): a 1 Hz "audio" rate would store a
 * 6 s capture as 95,744 s. The ranges leave room for firmware set to another rate the parts support
 * (I2S microphones run 8-48 kHz; the ADXL345's lowest useful rate is 6.25 Hz).
 */
export const SENSOR_RATE_LIMITS = {
  audio: { min: 8_000, max: 48_000 },
  vibration: { min: 6.25, max: 3_200 },
  readings: { min: 0.01, max: 100 },
} as const;

export type RatedStream = keyof typeof SENSOR_RATE_LIMITS;

/** The announced rate when the hardware can do it; null for none (0) or an impossible one (`refused`). */
export function checkedRate(stream: RatedStream, announced: number | null): { rate: number | null; refused: boolean } {
  if (announced === null || announced === 0) return { rate: null, refused: false };
  const { min, max } = SENSOR_RATE_LIMITS[stream];
  if (!Number.isFinite(announced) || announced < min || announced > max) return { rate: null, refused: true };
  return { rate: announced, refused: false };
}
