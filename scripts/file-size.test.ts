import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Small modules with one job: a production file over 400 lines must say at its top why it is
 * that long ("Over 400 lines: ..."), so growth past the limit is a decision, not an accident.
 */
const root = path.resolve(import.meta.dirname, '..');
const LIMIT = 400;
const PRODUCTION = /^(electron|renderer|shared)\/.*\.tsx?$|^firmware\/(main|components)\/.*\.[ch]$/;
const NOT_PRODUCTION = /\.test\.tsx?$|\/testing\/|\/testing\.ts$|\.d\.ts$/;

describe('file size', () => {
  it(`finds no production file over ${LIMIT} lines without a reason at its top`, () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => PRODUCTION.test(f) && !NOT_PRODUCTION.test(f) && fs.existsSync(path.join(root, f)));
    expect(files.length).toBeGreaterThan(100);
    const unexplained = files.filter((f) => {
      const lines = fs.readFileSync(path.join(root, f), 'utf8').replace(/\n$/, '').split('\n');
      return lines.length > LIMIT && !/Over 400 lines/.test(lines.slice(0, 15).join('\n'));
    });
    expect(unexplained).toEqual([]);
  });
});
