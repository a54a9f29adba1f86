import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { CLI, expect, ROOT } from './serve-app';

export interface SimProcess {
  deviceId: string;
  tcpPort: number;
  /** Types a line into the simulator (disconnect 2000, reboot, stall 1500...). */
  command(line: string): void;
  stop(): Promise<void>;
}

/** Starts `signalcraft-field simulate` as a technician would, over TCP with mDNS, and waits for its banner. */
export async function startSimulatedSensor(extraArgs: string[] = [], options: { deviceId?: string } = {}): Promise<SimProcess> {
  // The simulated machine is drawn from the device id: a test that needs one particular machine names it.
  const deviceId = options.deviceId ?? `e2e-${randomBytes(3).toString('hex')}`;
  const child: ChildProcess = spawn(process.execPath, [CLI, 'simulate', '--tcp', '--device-id', deviceId, ...extraArgs], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const tcpPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /tcp:\s+\S+:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited with ${code}:\n${output}`));
    });
  });
  return {
    deviceId,
    tcpPort,
    command: (line) => child.stdin?.write(`${line}\n`),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Connects the app to a sensor from the Sensors page, as a technician does once mDNS has found it. */
export async function connectOnSensorsPage(page: Page, deviceId: string): Promise<void> {
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  const sensor = page.getByRole('row', { name: deviceId });
  await expect(sensor).toBeVisible({ timeout: 20_000 });
  await sensor.getByRole('button', { name: 'Connect' }).click();
  await expect(sensor.locator('[data-state]')).toHaveText(/Connected/, { timeout: 15_000 });
}
