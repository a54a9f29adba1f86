import i18next from 'i18next';

/** 75.5 -> "1:15.5"; 9.25 -> "9.3 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return i18next.t('common.none');
  if (seconds < 60) return i18next.t('recording.units.seconds', { value: seconds.toFixed(1) });
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

export function formatHz(hz: number): string {
  return hz >= 1000 ? `${(hz / 1000).toFixed(hz % 1000 === 0 ? 0 : 1)} kHz` : `${Math.round(hz)} Hz`;
}

/** Full scale 1.0 -> 0 dBFS. */
export function toDbfs(peak: number): string {
  if (peak <= 0) return '−∞ dBFS';
  const db = 20 * Math.log10(peak);
  // Full scale reads 0.0, not "-0.0" from a peak a hair under 1; above it (a resampled square wave overshoots) reads "+".
  if (Math.abs(db) < 0.05) return '0.0 dBFS';
  return `${db > 0 ? '+' : ''}${db.toFixed(1)} dBFS`;
}
