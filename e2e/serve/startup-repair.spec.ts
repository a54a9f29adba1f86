import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { fakeMicrophone, recordFixed, showVisitDetails, startVisit } from '../support/recording-flow';
import { openApp, test } from '../support/serve-app';

// Issue 14 case 1 as the technician sees it: the database went missing, the recordings did not.
test.use(fakeMicrophone());

test('a removed database is rebuilt from the recordings; a file nothing can claim is listed in quarantine on About', async ({ page, app }) => {
  // A 10 s recording and two starts of the server on a shared machine.
  test.setTimeout(180_000);
  await openApp(page, app.url);
  await startVisit(page, 'Walk-in cooler compressor');
  await recordFixed(page, { kind: 'microphone' }, 10);
  const sessionId = /\/sessions\/([0-9a-f-]+)/.exec(page.url())?.[1];
  expect(sessionId).toBeTruthy();

  await page.goto('about:blank');
  await app.stop();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(app.dataDir, `signalcraft.db${suffix}`), { force: true });
  fs.writeFileSync(path.join(app.dataDir, 'recordings', sessionId!, 'from-another-laptop.wav'), 'not ours');
  await app.start();

  await openApp(page, app.url);
  const banner = page.getByRole('status').filter({ hasText: 'The database file was missing' });
  await expect(banner).toContainText('1 recordings in 1 visits were re-attached');
  await expect(banner).toContainText('1 files could not be re-attached');
  await banner.getByRole('link', { name: 'About' }).click();
  const quarantine = page.getByRole('region', { name: 'Quarantined files' });
  await expect(quarantine.getByRole('cell', { name: new RegExp(`recordings/${sessionId}/from-another-laptop\\.wav$`) })).toBeVisible();

  // The visit and its recording are back, and the notice stays until dismissed.
  await page.goto(`${new URL(app.url).origin}/#/sessions/${sessionId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Visit: Walk-in cooler compressor' })).toBeVisible();
  await showVisitDetails(page);
  await expect(page.getByRole('region', { name: 'Recordings', exact: true }).getByRole('row', { name: /Sound/ })).toContainText('Recovered');
  await page.reload();
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Visit: Walk-in cooler compressor' })).toBeVisible();
  await expect(banner).toBeHidden();
});
