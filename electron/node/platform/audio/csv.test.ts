import { describe, expect, it } from 'vitest';
import { parseSignalCsv } from './csv';
import { SignalFileError } from './errors';

describe('parseSignalCsv', () => {
  it('reads a three-axis vibration waveform and its rate from the time column', () => {
    const lines = ['time,x,y,z', ...Array.from({ length: 3200 }, (_, i) => `${(i / 3200).toFixed(6)},${Math.sin(i)},0.1,-0.2`)];
    const signal = parseSignalCsv(lines.join('\n'), 'adxl.csv');
    expect(signal.kind).toBe('vibration');
    if (signal.kind !== 'vibration') return;
    expect(signal.sampleRate).toBe(3200);
    expect(signal.axes).toEqual(['x', 'y', 'z']);
    expect(signal.channels[1]![5]).toBeCloseTo(0.1, 6);
  });

  it('converts m/s² columns to g and reads millisecond time', () => {
    const lines = ['time_ms,acc_m/s2', ...Array.from({ length: 100 }, (_, i) => `${i},9.80665`)];
    const signal = parseSignalCsv(lines.join('\n'), 'ms.csv');
    expect(signal.kind === 'vibration' && signal.sampleRate).toBe(1000);
    expect(signal.kind === 'vibration' && signal.channels[0]![3]).toBeCloseTo(1, 5);
  });

  it('reads slow readings with ISO timestamps and leaves missing values empty', () => {
    const csv = 'timestamp,temperature,current,power\n2026-03-01T10:00:00Z,4.5,6.1,1400\n2026-03-01T10:00:01Z,,6.2,1410\n';
    const signal = parseSignalCsv(csv, 'log.csv');
    expect(signal.kind).toBe('readings');
    if (signal.kind !== 'readings') return;
    expect(signal.rows).toHaveLength(2);
    expect(signal.rows[1]).toMatchObject({ timeMs: Date.parse('2026-03-01T10:00:01Z'), temperatureC: null, currentA: 6.2 });
  });

  it('says which line and column hold a value that is not a number', () => {
    const csv = 'time,x\n0,1\n0.001,oops\n0.002,3\n';
    expect(() => parseSignalCsv(csv, 'bad.csv')).toThrow(/"oops" in column "x" on data line 2/);
  });

  it('refuses files it cannot interpret, with what it found', () => {
    expect(() => parseSignalCsv('name,colour\na,b\n', 'odd.csv')).toThrow(SignalFileError);
    expect(() => parseSignalCsv('name,colour\na,b\n', 'odd.csv')).toThrow(/found: name, colour/);
    expect(() => parseSignalCsv('time,x\n', 'empty.csv')).toThrow(/no data rows/);
    expect(() => parseSignalCsv('time,x\n0,1\n0,2\n', 'flat.csv')).toThrow(/does not increase/);
    expect(() => parseSignalCsv('time,x\n0,1\n1,2,3\n', 'ragged.csv')).toThrow(/not readable as CSV/);
  });
});
