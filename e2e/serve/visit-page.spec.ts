import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startVisit, toneWav } from '../support/recording-flow';
import { expect, openApp, test } from '../support/serve-app';

const FILES = path.join(os.tmpdir(), 'scf-e2e-visit-page');
/** Set SIGNALCRAFT_SCREENSHOTS=docs/screenshots to refresh the README's pictures from this run. */
const SHOTS = process.env.SIGNALCRAFT_SCREENSHOTS ?? null;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** A visit with four imported recordings, each diagnosed by the real engine; returns its address. */
async function visitWithFourRecordings(page: Page): Promise<string> {
  await startVisit(page, 'Walk-in cooler compressor');
  const files = [58, 60, 62, 64].map((_, i) => toneWav(path.join(FILES, `compressor-${i + 1}.wav`), 2, 16000));
  await page.locator('input[type="file"][accept*=".flac"]').setInputFiles(files);
  for (const i of [1, 2, 3, 4]) await expect(page.getByText(`compressor-${i}.wav imported.`)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-step="compressorSound"][data-state="done"]')).toBeVisible({ timeout: 30_000 });
  // Every recording diagnosed: the verdict is complete (no "still being diagnosed" line).
  const verdict = page.getByRole('region', { name: 'Verdict', exact: true });
  await expect(verdict).toBeVisible();
  await expect(verdict.locator('[data-status]').first()).not.toHaveAttribute('data-status', 'pending', { timeout: 90_000 });
  await expect(verdict.getByText('Some recordings are still being diagnosed')).toHaveCount(0, { timeout: 90_000 });
  return page.url();
}

/** The verdict's status and headline lie inside the window, with the page scrolled to the top. */
async function expectVerdictAboveTheFold(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  const region = page.getByRole('region', { name: /^(Verdict|진단 결과)$/ });
  const head = region.locator('.verdict-top');
  await expect(head).toBeVisible();
  const box = (await head.boundingBox())!;
  const regionBox = (await region.boundingBox())!;
  console.log(`verdict at ${width}x${height}: status+headline ${Math.round(box.y)}..${Math.round(box.y + box.height)} px, region top ${Math.round(regionBox.y)} px`);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(height);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

test('the verdict of a visit with four recordings is visible without scrolling on a 1366x768 laptop and an 800x1280 tablet', async ({ page, app }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app.url);
  const url = await visitWithFourRecordings(page);
  await page.goto(url);
  await expectVerdictAboveTheFold(page, 1366, 768);
  await shot(page, 'visit-laptop-light');
  await page.goto(url);
  await expectVerdictAboveTheFold(page, 800, 1280);
  await shot(page, 'visit-tablet-light');
});

/** Words a technician would not say: engine feature names, condition keys, English sentences in Korean. */
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
const FEATURE_WORDS = /\b(?:env|mel\d+|rel db|peak prom|kurtosis|centroid|rolloff|flatness|crest)\b/gi;
/** Three or more words with lower-case Latin letters in a row (acronyms such as "WAV, FLAC, CSV" are names). */
const LATIN_SENTENCE = /[A-Za-z]*[a-z][A-Za-z'’]*(?:[ ,]+[A-Za-z]*[a-z][A-Za-z'’]*){2,}/g;
/** A lone English word ("소리 (import)"); not part of a file name, device id, address or unit. */
const LATIN_WORD = /(?<![\w.\-/:])[a-z]{3,}(?![\w.\-/:])/g;
/** Units and file kinds written in Latin letters in Korean too. */
const UNITS = new Set(['rpm', 'zip']);
/** Names that are Latin letters by nature: the brand, units, file and device names the test made, a command typed as it is (as the catalogue test allows),
 * and the model name a simulated sensor reports (another test's simulator may be on the network). */
const ALLOWED = [/SignalCraft Field/g, /Walk-in cooler compressor/g, /compressor-\d\.wav/g, /Site of Walk-in cooler compressor/g, /“signalcraft-field [a-z-]+”/g, /SignalCraft ESP32 sensor \(simulated\)/g];

function offending(text: string): string[] {
  let rest = text;
  for (const a of ALLOWED) rest = rest.replace(a, ' ');
  return [...(rest.match(SNAKE) ?? []), ...(rest.match(FEATURE_WORDS) ?? []), ...(rest.match(LATIN_SENTENCE) ?? []), ...(rest.match(LATIN_WORD) ?? []).filter((w) => !UNITS.has(w))];
}

test('in Korean, no page shows a feature name, a condition key or an English sentence, and Korean does not break inside words', async ({ page, app }) => {
  test.setTimeout(180_000);
  // The scan itself catches what it is meant to (the words the issue found on screen).
  for (const bad of ['env high peak prom db', 'bearing_wear (맞음)', '소리 (import)', '파일 fake.wav is not a WAV file']) expect(offending(bad), bad).not.toEqual([]);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app.url);
  const url = await visitWithFourRecordings(page);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Language').selectOption({ label: '한국어' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '설정' })).toBeVisible();

  // The sensor ingest on a port another program holds, so the Sensors page shows its error too.
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  holder.unref();
  await page.goto(new URL('#/sensors', app.url).toString());
  const ingest = page.getByRole('region', { name: 'HTTP로 전송하는 기존 센서' });
  await ingest.getByLabel('포트').fill(String((holder.address() as net.AddressInfo).port));
  await ingest.getByRole('button', { name: '적용' }).click();
  await expect(ingest.getByRole('alert')).toContainText('다른 프로그램이 이미 쓰고 있습니다');

  await page.goto(url);
  await expect(page.getByRole('region', { name: '진단 결과', exact: true })).toBeVisible();
  // Everything on demand opened too: details, evidence, numbers.
  for (const summary of await page.locator('details > summary').all()) await summary.click();
  for (const summary of await page.locator('details:not([open]) > summary').all()) await summary.click();
  const pages: [string, string][] = [['visit', await page.locator('main').innerText()]];
  for (const [name, route] of [
    ['home', '#/'],
    ['open visits', '#/visits'],
    ['sites', '#/sites'],
    ['equipment', '#/assets'],
    ['sync', '#/sync'],
    ['reports', '#/reports'],
    ['settings', '#/settings'],
    ['sensors', '#/sensors'],
    ['models', '#/models'],
    ['new site', '#/sites/new'],
    ['not found', '#/no-such-page'],
    ['about', '#/about'],
  ] as const) {
    await page.goto(new URL(route, app.url).toString());
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /불러오는 중|Loading/ })).toHaveCount(0);
    pages.push([name, await page.locator('main').innerText()]);
  }
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  for (const [name, text] of pages) expect(offending(text), `${name} page`).toEqual([]);
  const wordBreak = await page.evaluate(() => getComputedStyle(document.body).wordBreak);
  expect(wordBreak).toBe('keep-all');
});
