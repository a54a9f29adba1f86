import { parse } from 'csv-parse/sync';
import { SignalFileError } from './errors';

/**
 * CSV files technicians bring from other tools: either a vibration waveform (a time column or a
 * stated rate, and one to three axes) or slow readings (a timestamp and any of temperature,
 * current, power, vibration, sound level). The header decides which; units are taken from the
 * column names where given.
 */
export type CsvSignal =
  | { kind: 'vibration'; sampleRate: number; axes: string[]; channels: Float32Array[]; unit: 'g' }
  | { kind: 'readings'; rows: CsvReadingRow[]; columns: string[] };

export interface CsvReadingRow {
  timeMs: number;
  temperatureC: number | null;
  currentA: number | null;
  powerW: number | null;
  vibrationG: { x: number; y: number; z: number } | null;
  audioLevelDb: number | null;
}

const MAX_ROWS = 20_000_000;
/** A signal CSV has a time column and a few measurements; thousands of columns are something else. */
const MAX_COLUMNS = 1000;
const G = 9.80665;

const norm = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '_');

export function parseSignalCsv(text: string, name: string, options: { sampleRate?: number } = {}): CsvSignal {
  const fail = (why: string, what: string) => new SignalFileError(name, why, what);
  // Counted on the first line before parsing: a file of two million columns is refused in milliseconds.
  const firstLineEnd = text.indexOf('\n');
  const commas = countCommas(text, 0, firstLineEnd < 0 ? text.length : firstLineEnd);
  if (commas + 1 > MAX_COLUMNS) {
    throw fail(`has ${(commas + 1).toLocaleString('en')} columns in its first line`, `A recording CSV has a time column and up to a few measurement columns (at most ${MAX_COLUMNS}); export only those.`);
  }
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false, comment: '#' }) as string[][];
  } catch (error) {
    throw fail(`is not readable as CSV (${(error as Error).message})`, 'Check that it is comma-separated text with one header row.');
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw fail('has no data rows under its header', 'Export the measurements with a header row.');
  if (rows.length > MAX_ROWS) throw fail(`has ${rows.length.toLocaleString('en')} rows`, 'Split it into files of under 20 million rows.');
  const columns = header.map(norm);

  const numberAt = (row: string[], col: number, line: number): number => {
    const value = Number(row[col]);
    if (!Number.isFinite(value)) throw fail(`has "${row[col] ?? ''}" in column "${header[col]}" on data line ${line}, which is not a number`, 'Fix or remove that line.');
    return value;
  };
  const find = (...names: string[]) => columns.findIndex((c) => names.some((n) => c === n || c.startsWith(`${n}_`) || c.startsWith(`${n}(`)));

  const axes = [find('x', 'acc_x', 'ax', 'vib_x'), find('y', 'acc_y', 'ay', 'vib_y'), find('z', 'acc_z', 'az', 'vib_z')].filter((i) => i >= 0);
  const single = find('acceleration', 'acc', 'vibration', 'amplitude', 'value');
  const time = find('time', 't', 'time_s', 'seconds', 'timestamp');
  const readingCols = {
    temperature: find('temperature', 'temp', 'temperature_c'),
    current: find('current', 'current_a', 'amps'),
    power: find('power', 'power_w', 'power_consumption'),
    audio: find('audio_level', 'sound_level', 'db'),
  };
  const isReadings = Object.values(readingCols).some((i) => i >= 0);

  if (isReadings) {
    if (time < 0) throw fail('has readings but no time or timestamp column', 'Add a "timestamp" column (ISO date or seconds).');
    const out: CsvReadingRow[] = rows.map((row, i) => {
      const raw = row[time] ?? '';
      const asNumber = Number(raw);
      const timeMs = Number.isFinite(asNumber) ? (asNumber > 1e11 ? asNumber : asNumber * 1000) : Date.parse(raw);
      if (!Number.isFinite(timeMs)) throw fail(`has an unreadable time "${raw}" on data line ${i + 1}`, 'Use ISO dates or seconds.');
      const opt = (col: number) => (col >= 0 && row[col] !== '' ? numberAt(row, col, i + 1) : null);
      const [x, y, z] = axes.map((a) => numberAt(row, a, i + 1));
      return {
        timeMs,
        temperatureC: opt(readingCols.temperature),
        currentA: opt(readingCols.current),
        powerW: opt(readingCols.power),
        vibrationG: x !== undefined && y !== undefined && z !== undefined ? { x, y, z } : null,
        audioLevelDb: opt(readingCols.audio),
      };
    });
    return { kind: 'readings', rows: out, columns };
  }

  const signalCols = axes.length > 0 ? axes : single >= 0 ? [single] : [];
  if (signalCols.length === 0) {
    throw fail(
      // A file with millions of columns must not make a message of millions of names.
      `has no column this app recognises (found: ${header.slice(0, 12).join(', ')}${header.length > 12 ? `, and ${(header.length - 12).toLocaleString('en')} more` : ''})`,
      'Name vibration columns x, y, z (or acceleration) and readings columns temperature, current, power.',
    );
  }
  let sampleRate = options.sampleRate;
  if (sampleRate === undefined) {
    if (time < 0) throw fail('is a waveform without a time column', 'Add a "time" column in seconds, or give the sample rate.');
    const t0 = numberAt(rows[0]!, time, 1);
    const tn = numberAt(rows.at(-1)!, time, rows.length);
    const dt = (tn - t0) / (rows.length - 1);
    if (!(dt > 0)) throw fail('has a time column that does not increase', 'Sort the rows by time.');
    // Time columns in milliseconds are common; a rate above 100 kHz in seconds is not.
    const inMs = columns[time]!.includes('ms') || 1 / dt > 100_000;
    sampleRate = Math.round(inMs ? 1000 / dt : 1 / dt);
  }
  const unitMs2 = signalCols.some((c) => /m\/?s2|m_s2|ms2/.test(columns[c]!));
  const channels = signalCols.map((col) => {
    const data = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i += 1) data[i] = numberAt(rows[i]!, col, i + 1) / (unitMs2 ? G : 1);
    return data;
  });
  return { kind: 'vibration', sampleRate, axes: signalCols.map((c) => header[c]!), channels, unit: 'g' };
}

function countCommas(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(',', from); i >= 0 && i < to; i = text.indexOf(',', i + 1)) n += 1;
  return n;
}
