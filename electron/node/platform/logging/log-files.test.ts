import fs from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log';
import { eventually, pace } from '../../testing/eventually';
import { tempDir } from '../../testing/fixtures';
import { openLogFiles, listLogFiles } from './log-files';

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

describe('log files', () => {
  it('rotate by size and keep only the newest', async () => {
    const small = tempDir('scf-logs-');
    const logger = createLogger({ level: 'info', destination: discard() });
    const rolling = openLogFiles(logger, small.dir, { size: '2k', keep: 3, minLength: 0 });
    try {
      // Spread over time, as an app logs (pino-roll rolls over when a write has drained).
      for (let i = 0; i < 200; i += 1) {
        logger.info({ i, padding: 'x'.repeat(60) }, 'line');
        // Pacing, not waiting: pino-roll rolls over only once a write has drained.
        await pace(2);
      }
      await rolling.flush();
      const readLines = () => listLogFiles(small.dir).flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean));
      await eventually('the last line on disk', () => readLines().some((l) => (JSON.parse(l) as { i?: number }).i === 199));
      const kept = listLogFiles(small.dir);
      expect(kept.length).toBeGreaterThan(1);
      expect(kept.length).toBeLessThanOrEqual(3);
      const lines = kept.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)).map((l) => JSON.parse(l) as { i: number });
      expect(lines.at(-1)?.i).toBe(199);
      expect(lines[0]!.i, 'the oldest lines were rotated away').toBeGreaterThan(0);
    } finally {
      await rolling.close();
      small.cleanup();
    }
  });

  it('never write secrets, even inside messages', async () => {
    const dir = tempDir('scf-logs-');
    const logger = createLogger({ level: 'info', destination: discard() });
    const rolling = openLogFiles(logger, dir.dir);
    try {
      logger.info({ token: 'tok_A1b2C3d4E5f6G7h8I9j0', headers: { authorization: 'Bearer abc' } }, 'call');
      logger.warn(`pairing link http://192.168.1.20:5180/?pair=Qm9vbXNoYWthbGFrYTEyMzQ1Njc4 opened`);
      logger.error({ err: new Error('GET https://tech:hunter2@api.example/v1 failed: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl') }, 'sync');
      await rolling.flush();
      const text = listLogFiles(dir.dir).map((f) => fs.readFileSync(f, 'utf8')).join('');
      for (const secret of ['tok_A1b2C3d4E5f6G7h8I9j0', 'Qm9vbXNoYWthbGFrYTEyMzQ1Njc4', 'hunter2', 'eyJhbGciOi']) expect(text).not.toContain(secret);
      expect(text).toContain('pairing link');
    } finally {
      await rolling.close();
      dir.cleanup();
    }
  });
});
