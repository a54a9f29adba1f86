import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connectToServer, drawSignature, readRenderedPdf, startFieldServer } from '../support/field-server';
import { recordFixed, showVisitDetails, startVisit } from '../support/recording-flow';
import { connectOnSensorsPage, type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let sim: SimProcess | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

/**
 * One visit, start to finish, with nothing seeded: record the compressor from the simulated sensor
 * (worn bearings), let the app diagnose it, have the customer sign, hand over the PDF, and upload
 * the visit to the reference SignalCraft server.
 */
test('a technician records, gets a diagnosis, has the customer sign the PDF report, and the visit reaches the server', async ({ page, app }, testInfo) => {
  test.setTimeout(180_000);
  const server = await startFieldServer();
  try {
    await openApp(page, app.url);
    await connectToServer(page, server.url);

    // A named simulated machine whose worn bearings the model hears (see e2e/insight/sensor.spec.ts).
    sim = await startSimulatedSensor(['--condition', 'bearing-wear'], { deviceId: 'e2e-bearing-3' });
    await connectOnSensorsPage(page, sim.deviceId);

    await startVisit(page, 'Walk-in cooler compressor');
    await recordFixed(page, { kind: 'sensor', deviceId: sim.deviceId }, 10);
    await showVisitDetails(page);
    const panel = page.getByRole('region', { name: 'Diagnosis', exact: true });
    await expect(panel.locator('article[data-condition="bearing_wear"]')).toBeVisible({ timeout: 60_000 });

    // The report screen shows the diagnosis the app made; the customer signs; the PDF is made.
    await page.getByRole('link', { name: 'Report and signature' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Report: Walk-in cooler compressor' })).toBeVisible();
    await expect(page.getByText(/Bearing wear \(\w+, confidence \d+%\)/)).toBeVisible();
    await drawSignature(page);
    await page.getByLabel('Name of the person signing').fill('Ms. Choi');
    await page.getByRole('button', { name: 'Save signature' }).click();
    await expect(page.getByText('Signed by Ms. Choi on')).toBeVisible();
    await page.getByLabel('Report language').selectOption({ label: 'English' });
    await page.getByRole('button', { name: 'Make PDF report' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'PDF report made' })).toBeVisible({ timeout: 30_000 });

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).first().click();
    const file = testInfo.outputPath('visit.pdf');
    await (await downloading).saveAs(file);
    // As the customer reads it: the first page rendered to an image and read back.
    const seen = readRenderedPdf(file);
    expect(seen).toContain('Walk-in cooler compressor');
    expect(seen).toContain('Bearing wear');

    // Queued and uploaded: the server holds the visit once, with its recordings and this very PDF.
    await page.getByRole('button', { name: 'Queue for upload' }).click();
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await page.getByLabel('Show uploaded').check();
    await expect(page.locator('[data-sync-item][data-state="done"]')).toHaveCount(1, { timeout: 60_000 });
    const [reportId] = server.store.reportIds();
    const status = server.reportStatus(reportId!)!;
    expect(status).toMatchObject({ complete: true, revision: 1 });
    expect(status.recordings.length).toBeGreaterThanOrEqual(2);
    expect(sha(server.store.documentPath(reportId!))).toBe(sha(file));
    const kept = fs.readdirSync(path.join(app.dataDir, 'reports', reportId!));
    expect(kept).toHaveLength(1);
  } finally {
    await server.cleanup();
  }
});
