import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import type { SimulatedSensor } from './simulated-sensor';

/**
 * A description of one simulated serial port, written next to its link. The app trusts a link in
 * the simulator folder only while this file says the same pty and names a live socat process: a
 * link left behind by a killed simulator may point at a pty some other program has since opened,
 * and the app must never write a HELLO request into someone's terminal.
 */
export interface SimulatorPortRecord {
  deviceId: string;
  /** The link the app opens. */
  path: string;
  /** What the link points at now. */
  pty: string;
  /** socat's process id. */
  pid: number;
}

export function recordPath(dir: string, linkName: string): string {
  return path.join(dir, `${linkName}.port.json`);
}

/**
 * The sensor's USB cable, made of a socat pseudo-terminal pair: a real serial path through the
 * kernel's tty layer. The app opens `<dir>/<deviceId>`; the sensor holds the other end. Pulling
 * the cable kills socat (both ends vanish, as a USB device does); plugging it back makes a new
 * pair behind the same link.
 */
export class PtyEndpoint {
  readonly hostPath: string;
  private readonly devicePath: string;
  private socat: ChildProcess | null = null;
  private port: SerialPort | null = null;
  private plugged = false;

  /** `linkName`: the port's name in `dir` (the device id by default). */
  constructor(
    private readonly sensor: SimulatedSensor,
    private readonly dir: string,
    private readonly linkName = sensor.deviceId,
  ) {
    this.hostPath = path.join(dir, linkName);
    this.devicePath = path.join(dir, '.device', linkName);
  }

  get connected(): boolean {
    return this.plugged;
  }

  async plug(): Promise<void> {
    if (this.plugged) return;
    fs.mkdirSync(path.dirname(this.devicePath), { recursive: true });
    this.removeLinks();
    const socat = spawn('socat', [`pty,raw,echo=0,link=${this.devicePath}`, `pty,raw,echo=0,link=${this.hostPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    socat.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const failed = new Promise<never>((_, reject) => {
      socat.once('error', (error) => reject(new Error(`socat could not start (${error.message}); install socat to simulate a serial sensor`)));
      socat.once('exit', (code) => reject(new Error(`socat exited with ${code}: ${stderr.trim()}`)));
    });
    this.socat = socat;
    await Promise.race([waitFor(() => fs.existsSync(this.hostPath) && fs.existsSync(this.devicePath), 5000), failed]);
    const port = new SerialPort({ path: this.devicePath, baudRate: 921_600, hupcl: false, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => this.sensor.input(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port === port) {
        this.port = null;
        this.sensor.setOutput(null);
      }
    });
    this.port = port;
    const record: SimulatorPortRecord = { deviceId: this.sensor.deviceId, path: this.hostPath, pty: fs.realpathSync(this.hostPath), pid: socat.pid! };
    fs.writeFileSync(recordPath(this.dir, this.linkName), JSON.stringify(record));
    this.sensor.setOutput({
      write: (bytes) => {
        port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
      backlog: () => port.writableLength,
    });
    this.plugged = true;
  }

  /** Pulls the cable: socat is killed, both pty ends vanish. */
  async unplug(): Promise<void> {
    if (!this.plugged) return;
    this.plugged = false;
    this.sensor.setOutput(null);
    fs.rmSync(recordPath(this.dir, this.linkName), { force: true });
    const socat = this.socat;
    this.socat = null;
    if (socat && socat.exitCode === null) {
      const exited = new Promise((resolve) => socat.once('exit', resolve));
      socat.kill('SIGTERM');
      await exited;
    }
    // socat leaves its links behind: remove them, so nothing opens a pty that is someone else's now.
    this.removeLinks();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.unplug();
  }

  /** For exit handlers: synchronous best effort. */
  killNow(): void {
    this.socat?.kill('SIGTERM');
    fs.rmSync(recordPath(this.dir, this.linkName), { force: true });
    this.removeLinks();
  }

  private removeLinks(): void {
    for (const p of [this.hostPath, this.devicePath]) fs.rmSync(p, { force: true });
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('socat did not create its pseudo-terminals in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
