/** The sensors used for the last recording, kept on this device so the next visit starts with them chosen. */
const KEY = 'signalcraft.lastSensors';

export function readLastSensors(): string[] {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberSensors(deviceIds: readonly string[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(deviceIds));
  } catch {
    // Private mode: nothing is remembered, the first connected sensor is chosen next time.
  }
}
