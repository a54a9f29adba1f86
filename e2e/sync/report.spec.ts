import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { connectToServer, drawSignature, pdfText, readRenderedPdf, route, seedVisit, startFieldServer } from '../support/field-server';
import { expect, openApp, test } from '../support/serve-app';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function signAndMakePdf(page: Page, signer: string, language: 'English' | '한국어'): Promise<void> {
  await drawSignature(page);
  await page.getByLabel('Name of the person signing').fill(signer);
  await page.getByRole('button', { name: 'Save signature' }).click();
  await expect(page.getByText(`Signed by ${signer} on`)).toBeVisible();
  await page.getByLabel('Report language').selectOption({ label: language });
  await page.getByRole('button', { name: 'Make PDF report' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'PDF report made' })).toBeVisible({ timeout: 20_000 });
}

test('the customer signs on screen and the technician hands over a PDF that shows the asset, the diagnosis and the signature', async ({ page, app }, testInfo) => {
  const visit = seedVisit(app.dataDir, {
    assetName: 'Showcase compressor 9',
    siteName: 'Happy Mart Yeoksam',
    customerName: 'Happy Mart',
    diagnosis: true,
    photos: 1,
    notes: 'Condenser fan noisy; filter cleaned.',
  });
  await openApp(page, app.url);
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByRole('link', { name: 'Showcase compressor 9' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Report: Showcase compressor 9' })).toBeVisible();
  await expect(page.getByText('Bearing wear (Warning, confidence 87%)')).toBeVisible();
  await expect(page.getByText('Not signed yet', { exact: false })).toBeVisible();

  // Saving an empty pad is refused with a reason.
  await page.getByRole('button', { name: 'Save signature' }).click();
  await expect(page.getByRole('alert')).toHaveText(/The box is empty/);

  await signAndMakePdf(page, 'Mr. Park', 'English');
  await expect(page.getByRole('img', { name: 'Customer signature' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).first().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^signalcraft-report-.*-en-\w{8}\.pdf$/);
  const file = testInfo.outputPath('report.pdf');
  await download.saveAs(file);

  // As the customer sees it: the first page rendered to an image and read back.
  const seen = readRenderedPdf(file);
  expect(seen).toContain('Showcase compressor 9');
  expect(seen).toContain('Bearing wear');
  const text = pdfText(file);
  expect(text).toContain('Happy Mart Yeoksam');
  expect(text).toContain('How sure: confident (87 %)');
  expect(text).toContain('Condenser fan noisy; filter cleaned.');
  expect(text).toContain('Signed by Mr. Park on');
  // The PDF kept in the data folder is the one handed over.
  const kept = fs.readdirSync(path.join(app.dataDir, 'reports', visit.sessionId));
  expect(kept).toHaveLength(1);
  expect(sha(path.join(app.dataDir, 'reports', visit.sessionId, kept[0]!))).toBe(sha(file));

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csvFile = testInfo.outputPath('report.csv');
  await (await csvDownload).saveAs(csvFile);
  const csv = fs.readFileSync(csvFile, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('Showcase compressor 9');
  expect(csv).toContain('Mr. Park');
});

test('offline, three visits are signed with PDF reports; when the network returns they reach the server exactly once while faults keep firing', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const server = await startFieldServer();
  try {
    await openApp(page, app.url);
    await connectToServer(page, server.url);

    // The site has no network.
    await server.stop();
    const visits = [0, 1, 2].map((i) =>
      seedVisit(app.dataDir, { assetName: `압축기 ${i + 1}`, siteName: `현장 ${i + 1}`, audioSeconds: 6 + i, readings: 1200, seed: i + 1 }),
    );
    for (const [i, visit] of visits.entries()) {
      await page.goto(route(app.url, `/reports/${visit.sessionId}`));
      await signAndMakePdf(page, `고객 ${i + 1}`, '한국어');
      await page.getByRole('button', { name: 'Queue for upload' }).click();
      await expect(page.getByText(/Queued for upload/)).toBeVisible();
    }
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await expect(page.locator('[data-sync-state="offline"]')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-sync-item]').first()).toContainText('The server cannot be reached');

    // The network returns, but the server keeps failing a third of the requests.
    await server.start();
    server.faults.setRandom({ probability: 0.3, kinds: ['status500', 'status502', 'status503', 'cut', 'lose_response', 'duplicate', 'slow'], seed: 7, delayMs: 500 });
    await page.getByLabel('Show uploaded').check();
    const done = page.locator('[data-sync-item][data-state="done"]');
    await expect(async () => {
      // The technician presses "Retry all now" now and then instead of waiting for the backoff.
      if ((await done.count()) < 3) await page.getByRole('button', { name: 'Retry all now' }).click();
      await expect(done).toHaveCount(3, { timeout: 3000 });
    }).toPass({ timeout: 150_000 });
    server.faults.clear();
    expect(Object.values(server.faults.counts()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    for (const visit of visits) {
      const status = server.reportStatus(visit.sessionId)!;
      expect(status.complete).toBe(true);
      expect(status.revision).toBe(1);
      expect(status.recordings.map((r) => r.sha256)).toEqual(visit.files.map((f) => f.sha256));
      expect(fs.readFileSync(server.store.filePath(visit.sessionId, 'recordings', status.recordings[0]!.id)).equals(fs.readFileSync(visit.files[0]!.path))).toBe(true);
      expect(server.store.readingCount(visit.sessionId)).toBe(1200);
      const pdf = fs.readdirSync(path.join(app.dataDir, 'reports', visit.sessionId))[0]!;
      expect(sha(server.store.documentPath(visit.sessionId))).toBe(sha(path.join(app.dataDir, 'reports', visit.sessionId, pdf)));
    }
    expect(server.store.reportIds().sort()).toEqual(visits.map((v) => v.sessionId).sort());
    await expect(page.getByText('Last successful sync').locator('..')).not.toContainText('Never');
  } finally {
    await server.cleanup();
  }
});
