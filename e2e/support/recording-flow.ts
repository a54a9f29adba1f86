import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { addAsset, createSite } from './register-flow';

/** Steps a technician takes to record, shared by the browser suites (and the Electron one, later). */

/** A mono 16-bit WAV: a compressor-like hum (58 Hz and harmonics) with a 1 kHz whine. */
export function toneWav(file: string, seconds: number, sampleRate = 48000): string {
  const frames = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i += 1) {
    const t = i / sampleRate;
    const v = 0.3 * Math.sin(2 * Math.PI * 58 * t) + 0.15 * Math.sin(2 * Math.PI * 116 * t) + 0.1 * Math.sin(2 * Math.PI * 1000 * t);
    data.writeInt16LE(Math.round(v * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([header, data]));
  return file;
}

/** A full-scale square wave: what a microphone pressed against a compressor's casing sends. */
export function clippingWav(file: string, seconds: number, sampleRate = 48000): string {
  toneWav(file, seconds, sampleRate);
  const bytes = fs.readFileSync(file);
  for (let o = 44; o < bytes.length; o += 2) bytes.writeInt16LE(Math.floor((o - 44) / 2 / 40) % 2 === 0 ? 32767 : -32768, o);
  fs.writeFileSync(file, bytes);
  return file;
}

const FAKE_DIR = path.join(os.tmpdir(), 'scf-e2e-fake-mic');

/** Launch options for a Chromium whose microphone plays `wav` (looped) and needs no permission prompt. */
export const fakeMicrophone = (wav = toneWav(path.join(FAKE_DIR, 'compressor.wav'), 4)) => ({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  },
});

export const loudFakeMicrophone = () => fakeMicrophone(clippingWav(path.join(FAKE_DIR, 'too-loud.wav'), 2));

/** A site, equipment on it, and a visit started from the equipment's page (or, with `tag`, by typing the tag under New visit). */
export async function startVisit(page: Page, assetName: string, tag?: string): Promise<void> {
  await createSite(page, { name: `Site of ${assetName}` });
  await addAsset(page, { name: assetName, kindLabel: 'Compressor', ...(tag ? { tag } : {}) });
  if (tag) {
    await page.getByRole('link', { name: 'New visit', exact: true }).click();
    await page.getByRole('main').getByLabel('Asset tag').fill(tag.toLowerCase());
    await page.getByRole('button', { name: 'Start the visit' }).click();
  } else {
    await page.getByRole('button', { name: 'Start a visit' }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: `Visit: ${assetName}` })).toBeVisible();
}

/** Opens the visit page's details (recordings, spectra, numbers, link health); they stay open for this visit. */
export async function showVisitDetails(page: Page): Promise<void> {
  const details = page.locator('details.visit-details');
  if ((await details.getAttribute('open')) === null) await details.locator('> summary').click();
  await expect(page.getByRole('region', { name: 'Recordings', exact: true })).toBeVisible();
}

export type RecordSource = { kind: 'microphone' } | { kind: 'sensor'; deviceId: string };

/** Records from a source (the microphone, or a connected sensor by its id) for a fixed length and waits for it to finish. */
export async function recordFixed(page: Page, source: RecordSource, seconds: 10 | 30 | 60): Promise<void> {
  const panel = page.getByRole('region', { name: 'Record', exact: true });
  if (source.kind === 'microphone') {
    await panel.getByRole('radio', { name: 'This computer’s microphone' }).check();
  } else {
    await panel.getByRole('radio', { name: 'Sensors' }).check();
    await panel.getByRole('checkbox', { name: new RegExp(source.deviceId) }).check();
  }
  await panel.getByRole('radio', { name: `${seconds} s`, exact: true }).check();
  await panel.getByRole('button', { name: 'Record' }).click();
  await expect(panel.getByRole('timer')).toContainText(/Recording… \d+ s left/);
  await expect(panel.getByRole('meter').first()).toBeVisible();
  await expect(panel.getByRole('status').filter({ hasText: 'Recording complete: the fixed length was reached.' })).toBeVisible({ timeout: seconds * 1000 + 15_000 });
}

/** Starts a free-running recording from the microphone (stopped by the caller, or by a crash). */
export async function recordFreeRun(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: 'Record', exact: true });
  await panel.getByRole('radio', { name: 'Until I stop' }).check();
  await panel.getByRole('button', { name: 'Record' }).click();
  await expect(panel.getByRole('timer')).toContainText(/Recording… \d+ s/);
}

/** Plays the shown recording and waits until it has really played some audio. */
export async function playShown(page: Page): Promise<{ duration: number; played: number }> {
  const audio = page.getByRole('region', { name: 'Recordings', exact: true }).locator('audio');
  await expect(audio).toHaveJSProperty('readyState', 4, { timeout: 10_000 }).catch(() => undefined);
  return audio.evaluate(async (el: HTMLAudioElement) => {
    el.muted = true;
    await el.play();
    const started = el.currentTime;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`playback did not advance (readyState ${el.readyState}, error ${el.error?.message ?? 'none'})`)), 8000);
      const check = () => {
        if (el.currentTime - started > 0.5) {
          clearTimeout(timer);
          resolve();
        } else requestAnimationFrame(check);
      };
      check();
    });
    el.pause();
    return { duration: el.duration, played: el.currentTime };
  });
}
