import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiagnosticsBundle } from '../../../../shared/contract';
import { type Backend, createBackend } from '../../hosts/backend';
import { createLogger, type Logger } from '../../platform/logging/log';
import { openLogFiles, type LogFiles, listLogFiles } from '../../platform/logging/log-files';
import { tempDir } from '../../testing/fixtures';
import { readZip } from '../../testing/unzip';
import { LEAKY_MESSAGE, leaks, PERSONAL, seedPersonalData } from '../../testing/personal-data';

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

let data: ReturnType<typeof tempDir>;
let log: Logger;
let files: LogFiles;
let backend: Backend;

beforeEach(async () => {
  data = tempDir('scf-bundle-');
  log = createLogger({ level: 'info', destination: discard() });
  files = openLogFiles(log, data.dir);
  backend = createBackend({ dataDir: data.dir, runtime: 'serve', log, validateResults: true, shipping: { logFiles: files } });
});

afterEach(async () => {
  await backend.close();
  await files.close();
  data.cleanup();
});

describe('diagnostics bundle', () => {
  it('holds logs, versions and health, and none of the customer data the logs and register hold', async () => {
    await seedPersonalData(backend.dispatcher, backend.db);
    // What careless code could log: the data in a message, in fields, and in an error.
    log.info({ site: PERSONAL.site, customerName: PERSONAL.customer, serialNumber: PERSONAL.assetSerial }, `recording saved for ${PERSONAL.assetName}`);
    log.warn({ detail: LEAKY_MESSAGE }, 'upload failed');
    log.error({ err: new Error(LEAKY_MESSAGE) }, 'analysis crashed');
    await files.flush();
    const onDisk = listLogFiles(data.dir).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(leaks(onDisk).length, 'the test logs really contain personal data').toBeGreaterThan(5);

    const outcome = await backend.dispatcher.dispatch('diagnostics.export', {}, { transport: 'test' });
    expect(outcome.ok).toBe(true);
    const bundle = (outcome as { result: DiagnosticsBundle }).result;
    expect(bundle.fileName).toMatch(/^signalcraft-diagnostics-\d{8}T\d{6}Z\.zip$/);
    expect(fs.statSync(bundle.path).size).toBe(bundle.bytes);

    const entries = new Map([...(await readZip(bundle.path))].map(([name, bytes]) => [name, bytes.toString('utf8')]));
    expect([...entries.keys()].sort()).toEqual([
      'README.txt',
      'activity.json',
      'database.json',
      'health.json',
      'logs/signalcraft.1.log',
      'manifest.json',
      'settings.json',
      'updates.json',
    ]);
    const everything = [...entries.values()].join('\n');
    expect(leaks(everything), 'customer data in the bundle').toEqual([]);
    expect(everything).not.toContain(PERSONAL.technician);

    const manifest = JSON.parse(entries.get('manifest.json')!) as { versions: { node: string }; app: { appVersion: string } };
    expect(manifest.versions.node).toBe(process.versions.node);
    expect(manifest.app.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(JSON.parse(entries.get('database.json')!)).toMatchObject({ rows: { sites: 1, assets: 1, customers: 1, devices: 1 } });
    expect(JSON.parse(entries.get('health.json')!)).toMatchObject({ status: expect.any(String), checks: expect.any(Array) });
    expect(JSON.parse(entries.get('settings.json')!)).toEqual({
      language: 'system',
      temperatureUnit: 'celsius',
      vibrationUnit: 'mm_s',
      crashReports: 'ask',
      updateChannel: 'stable',
      updateAutoDownload: true,
      serverOrigin: null,
    });
    // The log lines stay JSON and keep what support reads.
    const lines = entries.get('logs/signalcraft.1.log')!.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['recording saved for [redacted]', 'upload failed', 'analysis crashed']));
  });

  it('keeps the last five bundles', async () => {
    let clock = Date.parse('2026-11-22T08:00:00Z');
    const timed = createBackend({ dataDir: data.dir, runtime: 'serve', log, now: () => new Date((clock += 1000)) });
    try {
      const made: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const outcome = await timed.dispatcher.dispatch('diagnostics.export', {}, { transport: 'test' });
        made.push((outcome as { result: DiagnosticsBundle }).result.fileName);
      }
      expect(new Set(made).size).toBe(7);
      expect(fs.readdirSync(`${data.dir}/diagnostics`).sort()).toEqual(made.slice(2).sort());
    } finally {
      await timed.close();
    }
  });
});
