import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { analyzeCommand, parseBearing } from './analyze-command';

describe('analyze --bearing', () => {
  it('takes any catalogue designation as printed on the bearing, or the geometry', () => {
    expect(parseBearing('6205-2RS1/C3')).toEqual({ designation: '6205' });
    expect(parseBearing('nu 306 ecp')).toEqual({ designation: 'NU306' });
    expect(parseBearing('9:0.2034')).toEqual({ balls: 9, ballRatio: 0.2034, contactDeg: 0 });
    expect(parseBearing('12:0.18:15')).toEqual({ balls: 12, ballRatio: 0.18, contactDeg: 15 });
  });

  it('refuses a designation it does not have, naming the nearest ones and what else to give', () => {
    expect(() => parseBearing('6299')).toThrow(InvalidArgumentError);
    expect(() => parseBearing('6299')).toThrow(/"6299" is not in the bearing catalogue \(nearest: [^)]*6209[^)]*\)\. Use a designation such as 6205-2RS or NU306, or the geometry/);
  });

  it('refuses an odd pole count and a mains frequency other than 50 or 60, before analysing anything', async () => {
    const run = (args: string[]) => {
      const command = analyzeCommand().exitOverride().configureOutput({ writeErr: () => {} });
      return command.parseAsync(['node', 'analyze', ...args]);
    };
    await expect(run(['--poles', '3', 'x.wav'])).rejects.toThrow(/--poles must be an even whole number/);
    await expect(run(['--mains', '55', 'x.wav'])).rejects.toThrow(/Allowed choices are 50, 60/);
  });

  it('says --poles and --mains go together, and analyses nothing', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      await analyzeCommand().parseAsync(['node', 'analyze', '--poles', '4', 'missing.wav']);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/--poles and --mains go together/);
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
  });
});
