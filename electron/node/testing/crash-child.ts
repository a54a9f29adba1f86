/**
 * A serve-mode back end in its own process, for the crash reporting tests (bundled by them with
 * esbuild). With MODE=throw it seeds personal data, agrees to crash reports and then throws an
 * uncaught error full of that data; with MODE=capture it reports one error and exits; with
 * MODE=drain it starts and waits until the offline queue has been sent. CRASH_CHILD_CONSENT=off
 * declines crash reports first.
 */
import { createBackend } from '../hosts/backend';
import { nodeCrashSdk } from '../features/crash';
import { silentLogger } from '../platform/logging/log';
import { LEAKY_MESSAGE, seedPersonalData } from './personal-data';

const dataDir = process.env.CRASH_CHILD_DATA_DIR!;
const mode = process.env.CRASH_CHILD_MODE!;
const backend = createBackend({ dataDir, runtime: 'serve', log: silentLogger(), shipping: { crashSdk: nodeCrashSdk() } });
if (mode !== 'drain') await seedPersonalData(backend.dispatcher, backend.db);
const consent = process.env.CRASH_CHILD_CONSENT === 'off' ? 'off' : 'on';
await backend.dispatcher.dispatch('settings.update', { crashReports: consent }, { transport: 'test' });
await backend.crash.start();
process.stdout.write('ready\n');

if (mode === 'throw') {
  setTimeout(() => {
    throw new Error(LEAKY_MESSAGE);
  }, 10);
} else if (mode === 'capture') {
  backend.crash.captureException(new Error(LEAKY_MESSAGE));
  await backend.crash.flush(5000);
  process.stdout.write(`queued ${backend.crash.status().queued}\n`);
  process.exit(0);
} else if (mode === 'drain') {
  const end = Date.now() + 30_000;
  while (backend.crash.status().queued > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  await backend.crash.flush(5000);
  process.stdout.write(`queued ${backend.crash.status().queued}\n`);
  process.exit(0);
}
