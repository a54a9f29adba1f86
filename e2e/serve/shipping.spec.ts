import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeSentry } from '../../electron/node/testing/fake-sentry';
import { leaks, PERSONAL } from '../../electron/node/testing/personal-data';
import { readZip } from '../../electron/node/testing/unzip';
import { DSN_ENV } from '../../electron/node/features/crash/config';
import { createSite } from '../support/register-flow';
import { expect, openApp, startServe, stopServe, test } from '../support/serve-app';
import { test as plain } from '@playwright/test';

test('About exports a diagnostics bundle the browser downloads, without the customers entered', async ({ page, app }) => {
  await openApp(page, app.url);
  await createSite(page, { name: PERSONAL.site, customer: PERSONAL.customer, address: PERSONAL.address });
  await page.getByRole('navigation').getByRole('link', { name: 'About', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Updates' }).getByRole('status')).toHaveText(
    'Updates come with the desktop app. This browser shows the version the laptop runs.',
  );
  await page.getByRole('button', { name: 'Export diagnostics bundle' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Saved:' });
  await expect(saved).toContainText(path.join(app.dataDir, 'diagnostics'));
  const downloading = page.waitForEvent('download');
  await saved.getByRole('link', { name: /^Download signalcraft-diagnostics-/ }).click();
  const download = await downloading;
  const file = path.join(app.dataDir, 'downloaded.zip');
  await download.saveAs(file);
  const text = [...(await readZip(file)).values()].map((b) => b.toString('utf8')).join('\n');
  expect(text).toContain('"versions"');
  expect(text).toContain('"checks"');
  expect(leaks(text)).toEqual([]);
});

test('Settings: update channel and background download are kept; crash reports say when the build has no address', async ({ page, app }) => {
  await openApp(page, app.url);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('group', { name: 'Updates and crash reports' });
  await expect(section.getByLabel('Send crash reports')).toBeDisabled();
  await expect(section).toContainText('This build has no crash report address; nothing is sent.');
  await section.getByLabel('Update channel').selectOption({ label: 'Beta (early versions)' });
  await expect(section.getByRole('status')).toContainText('Saved');
  await section.getByLabel('Download updates in the background').uncheck();
  await page.reload();
  await expect(page.getByRole('group', { name: 'Updates and crash reports' }).getByLabel('Update channel')).toHaveValue('beta');
  await expect(page.getByRole('group', { name: 'Updates and crash reports' }).getByLabel('Download updates in the background')).not.toBeChecked();
  // No crash-report address: the first-run question is not asked.
  await expect(page.getByRole('region', { name: 'Crash reports' })).toHaveCount(0);
});

plain('first run asks about crash reports; after yes, an error in the UI reaches the DSN scrubbed', async ({ page }) => {
  const sentry = new FakeSentry();
  await sentry.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-crash-e2e-'));
  const serve = await startServe(dataDir, [], { [DSN_ENV]: sentry.dsn() });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(serve.url);
    // The register holds the customer the error will mention.
    await page.getByRole('link', { name: 'Sites', exact: true }).click();
    await page.getByRole('link', { name: 'New site' }).click();
    await page.getByLabel('Site name').fill(PERSONAL.site);
    await page.getByLabel('Contact person').fill(PERSONAL.contactName);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: PERSONAL.site })).toBeVisible();
    const question = page.getByRole('region', { name: 'Crash reports' });
    await expect(question).toContainText('may SignalCraft Field send crash reports?');
    expect(sentry.envelopes, 'nothing is sent before the technician agrees').toEqual([]);
    await question.getByRole('button', { name: 'Send crash reports' }).click();
    await expect(question).toHaveCount(0);
    // The UI's reporting loads on consent.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __SENTRY__RENDERER_INIT__?: boolean }).__SENTRY__RENDERER_INIT__)).toBe(true);

    // A bug in the UI throws an error carrying customer data.
    await page.evaluate((message) => {
      setTimeout(() => {
        throw new Error(message);
      }, 0);
    }, `Cannot draw ${PERSONAL.site} for ${PERSONAL.contactName} <${PERSONAL.email}>`);
    const [event] = await sentry.waitForEvents(1);
    const raw = JSON.stringify(event);
    expect(raw).toContain('Cannot draw');
    expect(raw).toContain('[email]');
    expect(event).toMatchObject({ tags: { process: 'renderer' } });
    expect(leaks(sentry.envelopes.map((e) => e.raw).join('\n'))).toEqual([]);
    expect(errors).toEqual([expect.stringContaining('Cannot draw')]);
  } finally {
    await stopServe(serve.process);
    await sentry.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
