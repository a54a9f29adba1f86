/**
 * Live views in Chromium (`npm run bench live-view`): serve mode, four simulated sensors
 * (`signalcraft-field simulate`, each its own process, not counted), and Debian's Chromium with the
 * e2e flags driven by playwright-core.
 *
 * Default mode: one live view for SCF_BENCH_ONE_SECONDS (30), then four live views at once (four
 * windows, 1366x768 each) for SCF_BENCH_SECONDS (60). Per view: painted frames per second
 * (requestAnimationFrame callbacks, per second), long tasks (PerformanceObserver), the renderer
 * main thread's busy time and script time per frame (CDP Performance.getMetrics), bytes received
 * on the WebSocket; for the whole run: the renderer processes' and the back end's CPU.
 *
 * Soak mode (SCF_BENCH_MODE=soak, SCF_BENCH_SECONDS, default 3600): one view; every 30 s the
 * renderer's JavaScript heap after a forced collection, the renderer processes' memory and the
 * back end's RSS; slopes (MB/h, least squares) after the first minute.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { report, stats } from './harness';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'signalcraft-field.js');
const MODE = process.env.SCF_BENCH_MODE === 'soak' ? 'soak' : 'views';
const SECONDS = Number(process.env.SCF_BENCH_SECONDS ?? (MODE === 'soak' ? 3600 : 60));
const ONE_SECONDS = Number(process.env.SCF_BENCH_ONE_SECONDS ?? 30);
const SENSORS = MODE === 'soak' ? 1 : 4;
const VIEWPORT = { width: 1366, height: 768 };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const children: ChildProcess[] = [];

/** A process's CPU seconds (user + system) from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}
function rssMB(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D/g, '') ?? 0) / 1024;
}

function start(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, SIGNALCRAFT_LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}:\n${output}`)));
  });
}

/** One contract call over serve mode's WebSocket, as the UI makes it. */
async function api(url: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/$/, '')}/api/ws`, { origin: url.replace(/\/$/, '') });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const waiting = new Map<number, (m: { ok: boolean; result?: unknown; error?: unknown }) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; id: number; ok: boolean };
    if (message.type === 'result') waiting.get(message.id)?.(message);
  });
  return {
    call: (method: string, params: unknown) =>
      new Promise<{ ok: boolean; result?: unknown; error?: unknown }>((resolve) => {
        id += 1;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Counters installed in every page before the app runs: animation frames per second, long tasks, WebSocket bytes. */
const PAGE_PROBE = `
  window.__bench = { frames: [], longTasks: [], longFrames: [], wsBytes: 0, t0: 0, paused: false };
  (function () {
    const b = window.__bench;
    // Counting painted frames needs a frame every vsync; paused, the page paints only when the app asks.
    const tick = (t) => { if (b.paused) return; b.frames.push(t); requestAnimationFrame(tick); };
    b.resume = () => { b.paused = false; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    // Long animation frames say what a long task was made of: which script ran, and how long style, layout and paint took.
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.duration <= 50) continue;
          b.longFrames.push({
            at: Math.round(e.startTime), ms: Math.round(e.duration), blockingMs: Math.round(e.blockingDuration),
            renderMs: Math.round(e.startTime + e.duration - e.renderStart),
            styleAndLayoutMs: Math.round(e.startTime + e.duration - e.styleAndLayoutStart),
            scripts: e.scripts.map((s) => ({ invoker: s.invoker, fn: s.sourceFunctionName, at: (s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition, ms: Math.round(s.duration), forcedLayoutMs: Math.round(s.forcedStyleAndLayoutDuration) })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch { /* an older Chromium: long tasks alone */ }
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => { b.wsBytes += typeof e.data === 'string' ? e.data.length : 0; });
      }
    };
  })();
`;

interface View {
  page: Page;
  cdp: CDPSession;
  deviceId: string;
}

async function openView(browser: Browser, url: string, deviceId: string): Promise<View> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript(PAGE_PROBE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${url.replace(/\/$/, '')}/#/sensors/${encodeURIComponent(deviceId)}`);
  await page.locator('.live-waveform').waitFor({ timeout: 60_000 });
  await page.locator('[data-value="current"] dd').filter({ hasText: /A$/ }).waitFor({ timeout: 60_000 });
  return { page, cdp, deviceId };
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** CPU seconds of the browser's processes by type (renderer, gpu, browser, utility). */
async function browserCpu(browserCdp: CDPSession): Promise<Record<string, number>> {
  const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  const out: Record<string, number> = {};
  for (const p of info.processInfo) out[p.type] = (out[p.type] ?? 0) + p.cpuTime;
  return out;
}

/** Measures the open views for `seconds`: what each painted, its long tasks, its main thread's busy time, its bytes. */
async function measureViews(views: View[], browserCdp: CDPSession, backendPid: number, seconds: number) {
  await Promise.all(views.map((v) => v.page.evaluate(() => {
    const b = (globalThis as unknown as { __bench: { frames: number[]; longTasks: number[][]; longFrames: unknown[]; wsBytes: number; t0: number } }).__bench;
    b.frames.length = 0;
    b.longTasks.length = 0;
    b.longFrames.length = 0;
    b.wsBytes = 0;
    b.t0 = performance.now();
  })));
  // Busy time is per view between its own two readings (CDP's Timestamp), so slow calls on a loaded machine do not skew it.
  const before = await Promise.all(views.map((v) => metrics(v.cdp)));
  const cpu0 = await browserCpu(browserCdp);
  const backend0 = cpuSeconds(backendPid);
  const wall0 = performance.now();
  await sleep(seconds * 1000);
  const wall = (performance.now() - wall0) / 1000;
  const backendCpu = (cpuSeconds(backendPid) - backend0) / wall;
  const cpu1 = await browserCpu(browserCdp);
  const after = await Promise.all(views.map((v) => metrics(v.cdp)));
  const perView = await Promise.all(
    views.map(async (v, i) => {
      const probe = await v.page.evaluate(() => {
        const b = (globalThis as unknown as { __bench: { frames: number[]; longTasks: number[][]; longFrames: { at: number }[]; wsBytes: number; t0: number } }).__bench;
        return { ...b, now: performance.now() };
      });
      const t0 = probe.t0;
      const elapsed = (probe.now - t0) / 1000;
      const perSecond = new Array<number>(Math.max(1, Math.floor(elapsed))).fill(0);
      for (const t of probe.frames) {
        const s = Math.floor((t - t0) / 1000);
        if (s >= 0 && s < perSecond.length) perSecond[s]! += 1;
      }
      const tasks = probe.longTasks.filter(([at]) => at! >= t0).map(([, d]) => d!);
      const m0 = before[i]!;
      const m1 = after[i]!;
      const span = m1.Timestamp! - m0.Timestamp!;
      const framesInSpan = (probe.frames.length / elapsed) * span; // frames painted while CDP's busy times were counted
      return {
        deviceId: v.deviceId,
        fps: stats(perSecond),
        longTasks: tasks.length,
        longTasksOver50ms: tasks.filter((d) => d > 50).length,
        longestTaskMs: tasks.length === 0 ? 0 : Math.max(...tasks),
        longFramesOver50ms: probe.longFrames.filter((f) => f.at >= t0),
        mainThreadBusyPercent: ((m1.TaskDuration! - m0.TaskDuration!) / span) * 100,
        scriptMsPerFrame: ((m1.ScriptDuration! - m0.ScriptDuration!) * 1000) / Math.max(1, framesInSpan),
        taskMsPerFrame: ((m1.TaskDuration! - m0.TaskDuration!) * 1000) / Math.max(1, framesInSpan),
        kBytesPerSecond: probe.wsBytes / 1024 / elapsed,
        jsHeapMB: m1.JSHeapUsedSize! / 1e6,
      };
    }),
  );
  const percent = (type: string) => (((cpu1[type] ?? 0) - (cpu0[type] ?? 0)) / wall) * 100;
  return {
    seconds: Math.round(wall),
    views: perView,
    rendererProcessesCpuPercent: percent('renderer'),
    gpuProcessCpuPercent: percent('gpu'),
    browserProcessCpuPercent: percent('browser'),
    backendCpuPercent: backendCpu * 100,
    loadAverage: os.loadavg(),
  };
}

function slopeMBperHour(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return (sxy / sxx) * 3600; // x in seconds, y in MB
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-live-'));
let browser: Browser | null = null;
try {
  const serve = await start(['serve', '--port', '0', '--data-dir', dataDir], /running at (http:\/\/\S+)/, { SIGNALCRAFT_MDNS: '0' });
  const url = serve.match[1]!;
  const backendPid = serve.child.pid!;
  const client = await api(url);
  const deviceIds: string[] = [];
  for (let i = 0; i < SENSORS; i += 1) {
    const deviceId = `bench-live-${i + 1}`;
    const sim = await start(['simulate', '--tcp', '--device-id', deviceId], /tcp:\s+\S+:(\d+)/);
    const added = await client.call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: Number(sim.match[1]) });
    if (!added.ok) throw new Error(`sensors.add failed: ${JSON.stringify(added.error)}`);
    deviceIds.push(deviceId);
  }
  for (let tries = 0; ; tries += 1) {
    const list = (await client.call('sensors.list', {})).result as { entries: { key: string; state: string }[] };
    if (deviceIds.every((id) => list.entries.some((e) => e.key === id && e.state === 'connected'))) break;
    // A sensor that did not answer in time (a loaded machine) is asked again, as a technician would.
    if (tries % 10 === 9) for (const e of list.entries) if (e.state === 'unavailable') await client.call('sensors.connect', { key: e.key });
    if (tries > 120) throw new Error(`the simulated sensors did not connect: ${JSON.stringify(list.entries.map((e) => [e.key, e.state, (e as { problem?: unknown }).problem]))}`);
    await sleep(500);
  }
  client.close();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const browserCdp = await browser.newBrowserCDPSession();
  console.log(`serve ${url}, ${SENSORS} simulated sensors connected; mode ${MODE}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  if (MODE === 'views') {
    const first = await openView(browser, url, deviceIds[0]!);
    await sleep(5000);
    console.log(`one view for ${ONE_SECONDS} s...`);
    const one = await measureViews([first], browserCdp, backendPid, ONE_SECONDS);
    // The same view without the probe's frame loop: the renderer's cost as a technician runs it.
    await first.page.evaluate(() => ((globalThis as unknown as { __bench: { paused: boolean } }).__bench.paused = true));
    console.log(`one view for ${ONE_SECONDS} s without the frame counter...`);
    const unprobed = await measureViews([first], browserCdp, backendPid, ONE_SECONDS);
    await first.page.evaluate(() => (globalThis as unknown as { __bench: { resume: () => void } }).__bench.resume());
    const rest = await Promise.all(deviceIds.slice(1).map((id) => openView(browser!, url, id)));
    const views = [first, ...rest];
    await sleep(5000);
    console.log(`four views for ${SECONDS} s...`);
    const four = await measureViews(views, browserCdp, backendPid, SECONDS);
    await first.page.screenshot({ path: path.join(ROOT, 'bench-results', 'live-view.png') }).catch(() => undefined);
    const line = (v: (typeof four.views)[number]) =>
      `  ${v.deviceId}: fps median ${v.fps.median} (p10 ${v.fps.p10}, p90 ${v.fps.p90}, min ${v.fps.min}); long tasks ${v.longTasks} (over 50 ms ${v.longTasksOver50ms}, longest ${v.longestTaskMs.toFixed(0)} ms); ` +
      `main thread ${v.mainThreadBusyPercent.toFixed(1)} % busy, ${v.taskMsPerFrame.toFixed(2)} ms of tasks and ${v.scriptMsPerFrame.toFixed(2)} ms of script per frame; ${v.kBytesPerSecond.toFixed(1)} KB/s`;
    console.log(`one view (${one.seconds} s): renderer processes ${one.rendererProcessesCpuPercent.toFixed(1)} % of a core, gpu/compositor ${one.gpuProcessCpuPercent.toFixed(1)} %, back end ${one.backendCpuPercent.toFixed(1)} %`);
    one.views.forEach((v) => console.log(line(v)));
    console.log(
      `one view without the frame counter (${unprobed.seconds} s): renderer processes ${unprobed.rendererProcessesCpuPercent.toFixed(1)} % of a core, ` +
        `main thread ${unprobed.views[0]!.mainThreadBusyPercent.toFixed(1)} % busy, long tasks over 50 ms ${unprobed.views[0]!.longTasksOver50ms}`,
    );
    console.log(`four views (${four.seconds} s): renderer processes ${four.rendererProcessesCpuPercent.toFixed(1)} % of a core, gpu/compositor ${four.gpuProcessCpuPercent.toFixed(1)} %, back end ${four.backendCpuPercent.toFixed(1)} %`);
    four.views.forEach((v) => console.log(line(v)));
    for (const v of [...one.views, ...unprobed.views, ...four.views]) for (const f of v.longFramesOver50ms) console.log(`  long frame in ${v.deviceId}: ${JSON.stringify(f)}`);
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    report('live-view', { mode: MODE, viewport: VIEWPORT, oneView: one, oneViewUnprobed: unprobed, fourViews: four });
  } else {
    const view = await openView(browser, url, deviceIds[0]!);
    const samples: { t: number; heapMB: number; rendererMB: number; backendMB: number }[] = [];
    const t0 = performance.now();
    const rendererMemory = async () => {
      const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      return info.processInfo.filter((p) => p.type === 'renderer').reduce((a, p) => a + (fs.existsSync(`/proc/${p.id}`) ? rssMB(p.id) : 0), 0);
    };
    const cpu0 = await browserCpu(browserCdp);
    const backend0 = cpuSeconds(backendPid);
    while (performance.now() - t0 < SECONDS * 1000) {
      await view.cdp.send('HeapProfiler.collectGarbage');
      const m = await metrics(view.cdp);
      const sample = { t: (performance.now() - t0) / 1000, heapMB: m.JSHeapUsedSize! / 1e6, rendererMB: await rendererMemory(), backendMB: rssMB(backendPid) };
      samples.push(sample);
      if (samples.length % 10 === 1) console.log(`  ${Math.round(sample.t)} s: renderer heap ${sample.heapMB.toFixed(1)} MB, renderer RSS ${sample.rendererMB.toFixed(0)} MB, back end RSS ${sample.backendMB.toFixed(0)} MB`);
      await sleep(30_000);
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu1 = await browserCpu(browserCdp);
    const afterFirstMinute = samples.filter((s) => s.t >= 60);
    const result = {
      mode: MODE,
      seconds: Math.round(wall),
      samples: samples.length,
      rendererHeapSlopeMBperHour: slopeMBperHour(afterFirstMinute.map((s) => [s.t, s.heapMB])),
      rendererRssSlopeMBperHour: slopeMBperHour(afterFirstMinute.map((s) => [s.t, s.rendererMB])),
      backendRssSlopeMBperHour: slopeMBperHour(afterFirstMinute.map((s) => [s.t, s.backendMB])),
      rendererProcessesCpuPercent: (((cpu1.renderer ?? 0) - (cpu0.renderer ?? 0)) / wall) * 100,
      backendCpuPercent: ((cpuSeconds(backendPid) - backend0) / wall) * 100,
      first: samples[0],
      last: samples.at(-1),
      trace: samples,
    };
    console.log(
      `one view for ${result.seconds} s: renderer heap slope ${result.rendererHeapSlopeMBperHour.toFixed(1)} MB/h, renderer RSS slope ${result.rendererRssSlopeMBperHour.toFixed(1)} MB/h, ` +
        `back end RSS slope ${result.backendRssSlopeMBperHour.toFixed(1)} MB/h (after the first minute); renderer ${result.rendererProcessesCpuPercent.toFixed(1)} % of a core, back end ${result.backendCpuPercent.toFixed(1)} %`,
    );
    report('live-view-soak', result);
  }
} finally {
  await browser?.close().catch(() => undefined);
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await sleep(500);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
