/**
 * How fast the link notices a lost sensor and gets it back (targets: unplug noticed within 1 s,
 * re-attached within 2 s of its return), measured from the events a recording sees:
 * - serial: the pty pair is destroyed (the OS reports the close) -> `reconnecting`; a new pty pair
 *   appears with the same sensor -> `connected`;
 * - serial, silent: the sensor stops sending but the port stays open (an unplug the OS does not
 *   report) -> `reconnecting` from missed heartbeats alone;
 * - TCP: the sensor drops off the network -> `reconnecting`; it listens again -> `connected`.
 * The simulated sensor runs in this process so that the instants are exact. 10 rounds each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../electron/node/platform/logging/log';
import { nodeLauncher } from '../../electron/node/platform/process/launcher';
import type { LinkStateChange } from '../../electron/node/features/sensors/device-stream';
import { SerialHost } from '../../electron/node/features/sensors/serial/serial-host';
import { startSimulator } from '../../electron/node/features/sensors/simulator/simulator';
import { bundleSerialChild } from '../../electron/node/testing/sensors/serial-child-bundle';
import { report, stats } from './harness';
import { benchHub, sleep, until } from './sensor-bench-kit';

const ROUNDS = Number(process.env.SCF_BENCH_ROUNDS ?? 10);
const portDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-reattach-'));
const child = bundleSerialChild();
const serial = new SerialHost(nodeLauncher, child.entry, silentLogger());
const { hub, close } = benchHub({ serial, simulatorPortDir: portDir });
const pty = await startSimulator({ deviceId: 'reattach-pty', serialDir: portDir });
const tcp = await startSimulator({ deviceId: 'reattach-tcp', tcp: { port: 0, host: '127.0.0.1', mdns: false } });

const states = new Map<string, LinkStateChange[]>();
const watch = (id: string) => hub.subscribe(id, (m) => m.type === 'link' && states.get(id)!.push(m));
states.set('reattach-pty', []);
states.set('reattach-tcp', []);
watch('reattach-pty');
watch('reattach-tcp');

async function next(id: string, state: LinkStateChange['state'], since: number): Promise<number> {
  let found: LinkStateChange | undefined;
  await until(`${id} ${state}`, () => (found = states.get(id)!.find((s) => s.state === state && s.hostTimeMs >= since)) !== undefined, 20_000);
  return found!.hostTimeMs - since;
}

const results: Record<string, number[]> = { serialUnplug: [], serialReturn: [], serialSilent: [], tcpDrop: [], tcpReturn: [] };
try {
  await hub.start();
  await until('pty sensor found', () => hub.snapshot().entries.some((e) => e.key === 'reattach-pty'));
  hub.connect('reattach-pty');
  await hub.add({ kind: 'tcp', host: '127.0.0.1', port: tcp.tcpPort! });
  await until('both connected', () => hub.health('reattach-pty')?.state === 'connected' && hub.health('reattach-tcp')?.state === 'connected');

  for (let round = 0; round < ROUNDS; round += 1) {
    await sleep(1500);
    let t = Date.now();
    await pty.disconnect();
    results.serialUnplug!.push(await next('reattach-pty', 'reconnecting', t));
    await sleep(700);
    await pty.reconnect();
    t = Date.now();
    results.serialReturn!.push(await next('reattach-pty', 'connected', t));

    await sleep(1500);
    t = Date.now();
    pty.stall(2500);
    results.serialSilent!.push(await next('reattach-pty', 'reconnecting', t));
    await next('reattach-pty', 'connected', t);

    await sleep(1500);
    t = Date.now();
    await tcp.disconnect();
    results.tcpDrop!.push(await next('reattach-tcp', 'reconnecting', t));
    await sleep(700);
    await tcp.reconnect();
    t = Date.now();
    results.tcpReturn!.push(await next('reattach-tcp', 'connected', t));
    process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
  }
  const s = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, stats(v)]));
  const line = (label: string, key: string, target: number) =>
    console.log(`${label}: median ${s[key]!.median} ms (p10 ${s[key]!.p10}, p90 ${s[key]!.p90}, max ${s[key]!.max}; target ${target} ms)`);
  line('serial unplug noticed (close event)     ', 'serialUnplug', 1000);
  line('serial re-attached after its return     ', 'serialReturn', 2000);
  line('serial silence noticed (heartbeats only)', 'serialSilent', 1000);
  line('TCP drop noticed                        ', 'tcpDrop', 1000);
  line('TCP re-attached after its return        ', 'tcpReturn', 2000);
  report('sensor-reattach', { rounds: ROUNDS, ms: s });
} finally {
  await close();
  await pty.close();
  await tcp.close();
  child.cleanup();
  fs.rmSync(portDir, { recursive: true, force: true });
}
