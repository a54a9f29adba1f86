/**
 * Launch to a usable window. Serve mode: from spawning `signalcraft-field serve` to the Sites page
 * showing its list in Chromium (the heading and the list or its empty message), on a new data
 * folder (first launch: migrations) and on one that holds a register (every later launch). The
 * browser itself is started once, outside the timing: its start-up is not the app's. The desktop
 * app is measured the same way where an Electron binary exists (here it is reported as skipped).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type Browser, chromium } from '@playwright/test';
import { fmt, machine, report, stats, type Stats } from './harness';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'signalcraft-field.js');
const RUNS = Number(process.env.STARTUP_RUNS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Run {
  listening: number;
  usable: number;
  firstContentfulPaint: number;
}

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string; listeningMs: number; t0: bigint }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, SIGNALCRAFT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], listeningMs: ms(t0), t0 });
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function oneServeRun(browser: Browser, dataDir: string): Promise<Run> {
  const { child, url, listeningMs, t0 } = await startServe(dataDir);
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await page.locator('.list-table, .empty').first().waitFor();
    const usable = ms(t0);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    return { listening: listeningMs, usable, firstContentfulPaint: fcp };
  } finally {
    await page.close();
    await stop(child);
  }
}

/** A data folder with a register in it, made by the app itself (the CLI's serve and the contract). */
async function seededDataDir(browser: Browser): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-startup-'));
  const { child, url } = await startServe(dir);
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await page.evaluate(async () => {
      const host = (globalThis as unknown as { location: { host: string } }).location.host;
      const ws = new WebSocket(`ws://${host}/api/ws`);
      await new Promise((r) => (ws.onopen = r));
      let id = 0;
      const call = (method: string, params: unknown) =>
        new Promise((resolve) => {
          const mine = ++id;
          ws.addEventListener('message', (e) => {
            const m = JSON.parse(e.data as string) as { id: number; result: unknown };
            if (m.id === mine) resolve(m.result);
          });
          ws.send(JSON.stringify({ type: 'call', id: mine, method, params }));
        });
      for (let s = 0; s < 40; s += 1) {
        const site = (await call('sites.create', { name: `Site ${s}`, customerName: `Customer ${s % 12}`, address: `${s} Main St` })) as { id: string };
        for (let a = 0; a < 5; a += 1) await call('assets.create', { siteId: site.id, name: `Compressor ${a}`, kind: 'compressor', assetTag: `T-${s}-${a}` });
      }
      ws.close();
    });
  } finally {
    await page.close();
    await stop(child);
  }
  return dir;
}

function summarise(runs: Run[]): { listening: Stats; usable: Stats; firstContentfulPaint: Stats } {
  return {
    listening: stats(runs.map((r) => r.listening)),
    usable: stats(runs.map((r) => r.usable)),
    firstContentfulPaint: stats(runs.map((r) => r.firstContentfulPaint)),
  };
}

async function electronRuns(): Promise<{ skipped: string } | { usable: Stats }> {
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : path.join(ROOT, 'node_modules', 'electron', 'dist', relative);
  if (!fs.existsSync(binary)) return { skipped: 'no Electron binary on this machine (it downloads on first launch, which needs the network)' };
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-electron-'));
    const t0 = process.hrtime.bigint();
    const app = await electron.launch({ executablePath: binary, args: [ROOT, `--data-dir=${dataDir}`, '--no-sandbox'] });
    const page = await app.firstWindow();
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    times.push(ms(t0));
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { usable: stats(times) };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
try {
  // Warm the OS file cache once (node, the bundles, native modules), as a laptop that ran the app before.
  const warm = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-startup-'));
  await oneServeRun(browser, warm);
  fs.rmSync(warm, { recursive: true, force: true });

  const first: Run[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-startup-'));
    first.push(await oneServeRun(browser, dir));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seeded = await seededDataDir(browser);
  const later: Run[] = [];
  for (let i = 0; i < RUNS; i += 1) later.push(await oneServeRun(browser, seeded));
  fs.rmSync(seeded, { recursive: true, force: true });

  const firstStats = summarise(first);
  const laterStats = summarise(later);
  const desktop = await electronRuns();
  console.log(`serve, first launch (new data folder): listening ${fmt(firstStats.listening)}; usable ${fmt(firstStats.usable)}`);
  console.log(`serve, later launch (40 sites, 200 assets): listening ${fmt(laterStats.listening)}; usable ${fmt(laterStats.usable)}; first contentful paint after navigation ${fmt(laterStats.firstContentfulPaint)}`);
  console.log('skipped' in desktop ? `electron: skipped, ${desktop.skipped}` : `electron, launch to usable window: ${fmt(desktop.usable)}`);
  report('startup', { runs: RUNS, serveFirstLaunch: firstStats, serveLaterLaunch: laterStats, electron: desktop, machine: machine() });
} finally {
  await browser.close();
}
