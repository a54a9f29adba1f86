import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ConsoleMessage, test as base, expect, type Page } from '@playwright/test';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'signalcraft-field.js');

export interface ServeApp {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Stops the server (the app quits or crashes) ... */
  stop(): Promise<void>;
  /** ... and starts it again on the same port and data folder. */
  start(): Promise<void>;
}

/** Starts `signalcraft-field serve` on a free port with its own data folder and waits until it is ready. */
export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, SIGNALCRAFT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  return { url, process: child };
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Every browser test gets a fresh serve process and data folder, and fails if the page logged an
 * error or the CSP blocked something: a violation is a bug even when the screen looks right.
 */
export const test = base.extend<{ app: ServeApp; pageErrors: string[] }>({
  // Depends on the page so that the page leaves before the server stops (see below).
  app: async ({ page }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-e2e-'));
    let running = await startServe(dataDir);
    const app: ServeApp = {
      get url() {
        return running.url;
      },
      dataDir,
      get process() {
        return running.process;
      },
      stop: () => stopServe(running.process),
      start: async () => {
        running = await startServe(dataDir, ['--port', new URL(running.url).port]);
      },
    };
    await use(app);
    // Leave the page before the server stops; otherwise its WebSocket reconnecting (or an <audio>
    // still fetching) logs refused connections that fail the test, depending on timing.
    await page.goto('about:blank').catch(() => undefined);
    await stopServe(running.process);
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'errors logged by the page (CSP violations included)').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}
