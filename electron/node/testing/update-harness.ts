/**
 * Serve mode with a real update policy, for the update UI's end-to-end test (bundled by it with
 * esbuild): electron-updater's BaseUpdater (see node-updater.ts) against a local update server
 * that publishes version 0.2.0. Commands on stdin stand in for work the technician starts:
 * "begin" starts a recording activity, "end" ends it. Prints "running at <url>" when ready and
 * "installed ..." when the installer would run.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { RENDERER_DIR } from '../platform/app-meta';
import type { ActivityHandle } from '../platform/activity';
import { createBackend } from '../hosts/backend';
import { createLogger } from '../platform/logging/log';
import { startServer } from '../hosts/serve/server';
import { NodeTestUpdater, TestAppAdapter } from './node-updater';
import { LocalUpdateServer, sha512 } from './update-server';

const dataDir = process.env.HARNESS_DATA_DIR!;
const badChecksum = process.env.HARNESS_BAD_CHECKSUM === '1';

const updates = new LocalUpdateServer();
await updates.start();
const artifact = crypto.randomBytes(512 * 1024);
updates.publish('latest', {
  version: '0.2.0',
  artifact,
  notes: 'Faster imports',
  ...(badChecksum ? { sha512: sha512(Buffer.from('not the installer')) } : {}),
});
const engine = new NodeTestUpdater(new TestAppAdapter('0.1.0', path.join(dataDir, 'updater'), updates.url));
const log = createLogger({ level: 'warn' });
const backend = createBackend({ dataDir, runtime: 'serve', log, shipping: { updater: { engine } } });
const server = await startServer({ backend, log, rendererDir: RENDERER_DIR, port: 0, lan: false });
await backend.start();
process.stdout.write(`running at ${server.localUrl}\n`);
void backend.updates.check();

let recording: ActivityHandle | null = null;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'begin') recording = backend.activity.begin('recording', 'Recording Showcase compressor 1');
  if (line === 'end') recording?.end();
  process.stdout.write(`${line} done\n`);
});
const watch = setInterval(() => {
  const install = engine.installs[0];
  if (!install) return;
  process.stdout.write(`installed silent=${install.isSilent} runAfter=${install.isForceRunAfter}\n`);
  clearInterval(watch);
}, 50);

const stop = async () => {
  clearInterval(watch);
  await server.close();
  await backend.close();
  await updates.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
