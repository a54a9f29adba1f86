/**
 * The ROM emulator as its own process, for e2e tests (Playwright cannot load the simulator's
 * modules): `node scripts/run-ts.mjs electron/node/testing/sensors/esp-rom-emulator-cli.ts --chip esp32s3
 * --dir DIR --link NAME --device-id ID --firmware 1.0.0`. It prints `port: <path>` once plugged,
 * then obeys lines on stdin: `boot` (hold BOOT, press EN), `reset` (press EN), `md5 <offset> <size>`
 * (prints `md5: <hex>`), `quit`.
 */
import readline from 'node:readline';
import { type EmulatedChip, EspRomEmulator } from './esp-rom-emulator';

const arg = (name: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (!value) throw new Error(`--${name} is required`);
  return value;
};

const emulator = new EspRomEmulator({ chip: arg('chip') as EmulatedChip, dir: arg('dir'), linkName: arg('link'), deviceId: arg('device-id'), firmwareVersion: arg('firmware') });
await emulator.plug();
process.stdout.write(`port: ${emulator.hostPath}\n`);
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, a, b] = line.trim().split(/\s+/);
  if (command === 'boot') emulator.pressReset({ boot: true });
  else if (command === 'reset') emulator.pressReset({ boot: false });
  else if (command === 'md5') process.stdout.write(`md5: ${emulator.md5(Number(a), Number(b))}\n`);
  else if (command === 'quit') break;
}
await emulator.unplug();
process.exit(0);
