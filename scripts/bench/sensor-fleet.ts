/**
 * Simulated sensors for the sensor benchmarks, in their own process so that their cost is not
 * counted as the back end's. Not a benchmark itself (no .bench.ts): the benchmarks bundle it.
 *
 *   node sensor-fleet.mjs --tcp <count> | --serial <dir>
 *
 * Prints `READY {"sensors":[{"deviceId","tcpPort","serialPath"}]}`; answers `stats` on stdin
 * with `STATS {deviceId: SensorStats}`; stops on SIGTERM.
 */
import readline from 'node:readline';
import { BuiltInSource } from '../../electron/node/features/sensors/simulator/sample-source';
import { type RunningSimulator, startSimulator } from '../../electron/node/features/sensors/simulator/simulator';

const args = process.argv.slice(2);
const tcpCount = args.includes('--tcp') ? Number(args[args.indexOf('--tcp') + 1]) : 0;
const serialDir = args.includes('--serial') ? args[args.indexOf('--serial') + 1]! : null;

const sims: RunningSimulator[] = [];
for (let i = 0; i < tcpCount; i += 1) {
  // The cheap built-in source: 30 synthesized compressors would measure the synthesizer, not the link.
  sims.push(await startSimulator({ deviceId: `fleet-${String(i).padStart(2, '0')}`, source: new BuiltInSource({ seed: i + 1 }), tcp: { port: 0, host: '127.0.0.1', mdns: false } }));
}
if (serialDir) sims.push(await startSimulator({ deviceId: 'fleet-pty', source: new BuiltInSource({ seed: 99 }), serialDir }));

process.stdout.write(`READY ${JSON.stringify({ sensors: sims.map((s) => ({ deviceId: s.deviceId, tcpPort: s.tcpPort, serialPath: s.serialPath })) })}\n`);
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`STATS ${JSON.stringify(Object.fromEntries(sims.map((s) => [s.deviceId, s.sensor.stats])))}\n`);
});
const stop = async () => {
  await Promise.all(sims.map((s) => s.close()));
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
