import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CLI, ROOT } from '../support/serve-app';

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dataDir: string;
test.beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-cli-'));
});
test.afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('doctor reports every native module loading and exits 0', () => {
  const { code, stdout } = run(['doctor', '--data-dir', dataDir]);
  expect(code).toBe(0);
  for (const id of ['native.better-sqlite3', 'native.serialport', 'native.onnxruntime-node', 'database']) {
    expect(stdout).toMatch(new RegExp(`\\[ ok \\] ${id.replace('.', '\\.')}`));
  }
  const json = JSON.parse(run(['doctor', '--json', '--data-dir', dataDir]).stdout) as { checks: { id: string; status: string }[] };
  expect(json.checks.filter((c) => c.id.startsWith('native.')).map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
});

test('doctor on a damaged database exits non-zero, says what to do and leaves the file alone', () => {
  const file = path.join(dataDir, 'signalcraft.db');
  fs.writeFileSync(file, 'this was a database once');
  const { code, stderr } = run(['doctor', '--data-dir', dataDir]);
  expect(code).not.toBe(0);
  expect(stderr).toContain('is not a SQLite database');
  expect(stderr).toContain('It was not modified');
  expect(fs.readFileSync(file, 'utf8')).toBe('this was a database once');
});

test('--version and --help answer without touching any data', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(run(['--version']).stdout.trim()).toBe(pkg.version);
  const help = run(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('serve');
  expect(help.stdout).toContain('doctor');
});

test('a bad option is refused with a reason', () => {
  const { code, stderr } = run(['serve', '--port', 'eighty']);
  expect(code).not.toBe(0);
  expect(stderr).toContain('must be a whole number from 0 to 65535');
});
