import { describe, expect, it } from 'vitest';
import type { Recording } from '../../../../shared/contract';
import { stepStates } from './steps';

let n = 0;
function rec(stream: Recording['stream'], at: string, extra: Partial<Recording> = {}): Recording {
  n += 1;
  return { id: `r${n}`, stream, startedAt: at, frames: 100, status: 'complete', ...extra } as Recording;
}

describe('guided measurement steps', () => {
  it('starts with the compressor sound as the next step and nothing done', () => {
    const steps = stepStates('compressor', []);
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ['compressorSound', 'next'],
      ['motorVibration', 'todo'],
      ['compressorVibration', 'todo'],
      ['readings', 'todo'],
    ]);
  });

  it('a sensor recording sound, vibration and readings at once ticks three steps; the next vibration is the compressor end', () => {
    const at = '2026-12-02T10:00:00.000Z';
    const steps = stepStates('walk_in_cooler', [rec('audio', at), rec('vibration', at), rec('readings', at)]);
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'next', 'done']);
    const later = stepStates('walk_in_cooler', [rec('audio', at), rec('vibration', at), rec('readings', at), rec('vibration', '2026-12-02T10:05:00.000Z')]);
    expect(later.every((s) => s.state === 'done')).toBe(true);
  });

  it('failed or empty recordings fill no step, and extra recordings join the last step of their kind', () => {
    const at = '2026-12-02T10:00:00.000Z';
    const steps = stepStates('other', [rec('audio', at, { status: 'failed' }), rec('vibration', at, { frames: 0 }), rec('readings', at), rec('readings', '2026-12-02T10:01:00.000Z')]);
    expect(steps.map((s) => [s.key, s.state, s.recordingIds.length])).toEqual([
      ['bodySound', 'next', 0],
      ['bodyVibration', 'todo', 0],
      ['readings', 'done', 2],
    ]);
  });
});
