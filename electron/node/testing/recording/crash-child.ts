/**
 * A recorder process for the kill -9 test (crash-recovery.test.ts): the real back end on a real
 * data folder, driven by its parent over IPC the way a UI drives it (calls through the
 * dispatcher), with two in-process simulated sensors running in real time (stand-in-source.ts).
 * The parent kills it with SIGKILL at a random
 * moment, then starts the next one, whose start() must recover what the last one left.
 *
 * argv: <dataDir>
 */
import { createBackend } from '../../hosts/backend';
import { silentLogger } from '../../platform/logging/log';
import { onParentMessage, postToParent } from '../../platform/process/parent-port';
import { InProcessDeviceSource, SimulatedSensor } from './stand-in-source';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child <dataDir>');

const source = new InProcessDeviceSource();
const sensors = [new SimulatedSensor(source, { deviceId: 'esp32-crash-a' }), new SimulatedSensor(source, { deviceId: 'esp32-crash-b' })];
const backend = createBackend({ dataDir, runtime: 'cli', log: silentLogger(), recording: { source } });

onParentMessage((message) => {
  const m = message as { id: number; method: string; params: unknown; probe?: boolean };
  // How many audio samples each sensor has produced so far (kill-loop.ts measures loss per kill with it).
  if (m.probe) {
    postToParent({ id: m.id, generated: Object.fromEntries(sensors.map((s) => [s.info.deviceId, s.generatedAudio])) });
    return;
  }
  void backend.dispatcher.dispatch(m.method, m.params, { transport: 'test' }).then((outcome) => postToParent({ id: m.id, outcome }));
});

// Calls are taken from here on, like a server that has just started listening: the dispatcher
// holds them until start-up recovery (begun by start()) has finished.
const started = backend.start();
postToParent({ listening: true });
process.once('SIGTERM', () => void started.catch(() => undefined).then(() => backend.close()).then(() => process.exit(0)));
await started;
for (const s of sensors) s.start(10);
postToParent({ ready: true, pid: process.pid });
