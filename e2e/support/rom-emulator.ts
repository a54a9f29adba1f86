import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './serve-app';

/** The emulated ESP32/ESP32-S3 (electron/node/testing/sensors/esp-rom-emulator.ts) in its own process. */
export interface RomEmulatorProcess {
  hostPath: string;
  /** A line to it: boot, reset, md5 <offset> <size>. */
  send(line: string): void;
  md5(offset: number, size: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startRomEmulator(options: { chip: 'esp32' | 'esp32s3'; dir: string; link: string; deviceId: string; firmware: string }): Promise<RomEmulatorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts', 'run-ts.mjs'), path.join(ROOT, 'electron', 'node', 'testing', 'sensors', 'esp-rom-emulator-cli.ts'), '--chip', options.chip, '--dir', options.dir, '--link', options.link, '--device-id', options.deviceId, '--firmware', options.firmware],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const waitFor = (pattern: RegExp, from: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ROM emulator did not answer ${pattern}:\n${out}`)), 30_000);
      const check = () => {
        const match = pattern.exec(out.slice(from));
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        } else waiters.push(check);
      };
      check();
    });
  const hostPath = await waitFor(/^port: (\S+)$/m, 0);
  const send = (line: string) => child.stdin!.write(`${line}\n`);
  return {
    hostPath,
    send,
    md5: async (offset, size) => {
      const from = out.length;
      send(`md5 ${offset} ${size}`);
      return waitFor(/^md5: ([0-9a-f]{32})$/m, from);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      send('quit');
      await exited;
    },
  };
}
