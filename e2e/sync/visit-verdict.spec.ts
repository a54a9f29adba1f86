import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { connectToServer, drawSignature, pdfText, readRenderedPdf, startFieldServer } from '../support/field-server';
import { recordFixed, startVisit } from '../support/recording-flow';
import { connectOnSensorsPage, type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { CLI, expect, openApp, test } from '../support/serve-app';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The "done when": one visit with a fault recorded from the simulated sensor and three
 * imported recordings (two healthy, one with a valve fault), whose verdict is the fault, never
 * "normal", on the visit page, in the customer's PDF (rendered and read back by OCR), in the JSON
 * export and on the reference server; and a diagnosis that finishes after the upload sends a
 * second revision with the new verdict, the first one staying on the server.
 *
 * The imports are made by the app's own `synth` command (seeds the bundled model hears as
 * written: healthy 2 and 4, valve fault 2, which it calls critical).
 */
let FILES: string;
let sim: SimProcess | null = null;
test.beforeEach(() => {
  FILES = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-e2e-verdict-'));
});
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
  fs.rmSync(FILES, { recursive: true, force: true });
});

function synth(condition: string, seed: number): string {
  const file = path.join(FILES, `${condition}-${seed}.wav`);
  execFileSync(process.execPath, [CLI, 'synth', '--condition', condition, '--seed', String(seed), '--seconds', '10', '--out', file]);
  return file;
}

/** Imports a file into the visit and waits until it is listed as the `n`-th imported recording (by its title, e.g. "Sound · imported file · 10:18"). */
async function importFile(page: Page, file: string, n: number): Promise<void> {
  await page.locator('input[type="file"][accept*=".flac"]').setInputFiles(file);
  const titles = page.getByRole('region', { name: 'Measurement steps' }).getByText(/^Sound · imported file · \d\d:\d\d$/);
  await expect.poll(() => titles.count(), { timeout: 60_000, message: `${path.basename(file)} imported` }).toBeGreaterThanOrEqual(n);
}

interface ServerVerdict {
  verdict: { effective: { status: string; conditionKey: string | null }; computed: { findings: { source: string; conditionKey: string | null }[] } };
  diagnosis: { headline: { en: string } };
}

test('the visit verdict is the fault on the page, in the PDF, the JSON and on the server, and a late diagnosis makes a new revision', async ({ page, app }, testInfo) => {
  test.setTimeout(420_000);
  const healthy = [synth('normal', 2), synth('normal', 4)];
  const valve = synth('valve_fault', 2);
  const server = await startFieldServer();
  try {
    await openApp(page, app.url);
    await connectToServer(page, server.url);
    // A named simulated machine whose worn bearings the model hears (see e2e/insight/sensor.spec.ts).
    sim = await startSimulatedSensor(['--condition', 'bearing-wear'], { deviceId: 'e2e-bearing-3' });
    await connectOnSensorsPage(page, sim.deviceId);

    await startVisit(page, 'Display case compressor');
    const visitUrl = page.url();
    await recordFixed(page, { kind: 'sensor', deviceId: sim.deviceId }, 10);
    await importFile(page, healthy[0]!, 1);
    await importFile(page, healthy[1]!, 2);

    // Two healthy recordings do not hide the sensor's confident fault.
    const verdict = page.getByRole('region', { name: 'Verdict', exact: true });
    await expect(verdict).toHaveAttribute('data-verdict-status', 'fault', { timeout: 120_000 });
    await expect(verdict.getByText(/^Bearing wear suspected/)).toBeVisible();
    await expect(verdict).not.toContainText('Running normally');
    // The healthy imports disagree with the sensor: said, not averaged away.
    await expect(verdict).toContainText('The recordings do not agree');

    // The customer signs (with a name) and the PDF is made; it leads with the verdict.
    await page.getByRole('link', { name: 'Report and signature' }).click();
    await drawSignature(page);
    await page.getByLabel('Name of the person signing').fill('Ms. Choi');
    await page.getByRole('button', { name: 'Save signature' }).click();
    await expect(page.getByText('Signed by Ms. Choi on')).toBeVisible();
    await page.getByLabel('Report language').selectOption({ label: 'English' });
    await page.getByRole('button', { name: 'Make PDF report' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'PDF report made' })).toBeVisible({ timeout: 30_000 });
    const first = await downloadPdf(page, testInfo.outputPath('first.pdf'));
    expect(readRenderedPdf(first)).toMatch(/Bearing wear suspected/);
    expect(pdfText(first)).not.toContain('Running normally');

    // Uploaded: the server holds the same verdict.
    await page.getByRole('button', { name: 'Queue for upload' }).click();
    const onServer = () => {
      const [id] = server.store.reportIds();
      const report = id ? server.store.report(id) : null;
      return report && server.reportStatus(id!)?.complete ? { id: id!, revision: report.revision, metadata: JSON.parse(report.metadata) as ServerVerdict } : null;
    };
    const uploaded = await poll(onServer, (r) => r?.metadata.verdict.effective.status === 'fault', 'the first upload');
    expect(uploaded.metadata.verdict.effective.conditionKey).toBe('bearing_wear');
    expect(uploaded.metadata.diagnosis.headline.en).toMatch(/^Bearing wear suspected/);

    // A valve-fault recording is imported after the upload: its diagnosis lands later, the
    // verdict changes (the valve fault is critical), and the server gets a second revision.
    await page.goto(visitUrl);
    await importFile(page, valve, 3);
    await expect(verdict).toHaveAttribute('data-verdict-status', 'fault');
    await expect(verdict.getByText(/^Compressor valve fault suspected: act now/)).toBeVisible({ timeout: 120_000 });
    const second = await poll(onServer, (r) => r !== null && r.revision > uploaded.revision && r.metadata.verdict.effective.conditionKey === 'valve_fault', 'a second revision with the new verdict');
    expect(second.metadata.verdict.computed.findings.map((f) => f.source)).toEqual(expect.arrayContaining(['sensor', 'import']));
    expect(second.metadata.verdict.computed.findings.filter((f) => f.source === 'import')).toHaveLength(3);
    const revisions = server.store.revisions(second.id).map((r) => (JSON.parse(r.metadata) as ServerVerdict).verdict.effective.conditionKey);
    expect(revisions[0]).toBe('bearing_wear');
    expect(revisions.at(-1)).toBe('valve_fault');

    // The PDF was made again by itself, and the JSON export says the same.
    await page.getByRole('link', { name: 'Report and signature' }).click();
    // A fresh page, not the list cached from the first visit to this screen.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Download' })).not.toHaveCount(1);
    const latest = await downloadPdf(page, testInfo.outputPath('latest.pdf'));
    expect(readRenderedPdf(latest)).toMatch(/Compressor valve fault suspected/);
    // The server holds exactly this PDF, and its revision's verdict is the one the PDF prints.
    await expect.poll(() => sha(server.store.documentPath(second.id)), { timeout: 120_000 }).toBe(sha(latest));
    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const jsonFile = testInfo.outputPath('visit.json');
    await (await exported).saveAs(jsonFile);
    const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as ServerVerdict;
    expect(json.verdict.effective).toMatchObject({ status: 'fault', conditionKey: 'valve_fault' });
    expect(json.diagnosis.headline.en).toBe('Compressor valve fault suspected: act now');
  } finally {
    await server.cleanup();
  }
});

async function downloadPdf(page: Page, file: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  // The newest PDF is listed first.
  await page.getByRole('button', { name: 'Download' }).first().click();
  await (await downloading).saveAs(file);
  return file;
}

/** Polls the reference server's store until `done` holds (a generous limit: the machine is shared). */
async function poll<T>(probe: () => T, done: (value: T) => boolean, what: string, timeoutMs = 180_000): Promise<NonNullable<T>> {
  await expect.poll(() => done(probe()), { timeout: timeoutMs, message: `waiting for ${what}` }).toBe(true);
  return probe() as NonNullable<T>;
}
