import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { openDatabase } from '../../electron/node/platform/storage/database';
import { seedSession, type SeedOptions, type SeededSession } from '../../electron/node/testing/field-fixtures';
import { type ReferenceServer, startReferenceServer } from '../reference-server/server';

/**
 * The reference SignalCraft server for browser tests (in the test's own process, real TCP), and
 * visits written into the app's database as the recording feature writes them: the recording UI
 * is another issue, so tests create sessions through the back end's storage.
 */
export const FIELD_USER = { username: 'kim', password: 'field-pass-1', name: '김기사' };

export async function startFieldServer(): Promise<ReferenceServer & { cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-e2e-server-'));
  const server = await startReferenceServer({ dataDir: dir, users: [FIELD_USER] });
  return Object.assign(server, {
    cleanup: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Writes a finished visit (real WAV files, readings, optional diagnosis) into the running app's data folder. */
export function seedVisit(dataDir: string, options: SeedOptions): SeededSession {
  // A second connection to the serve process's database; WAL lets both write.
  const { db } = openDatabase(path.join(dataDir, 'signalcraft.db'));
  try {
    return seedSession(db, dataDir, options);
  } finally {
    db.close();
  }
}

/** The app's address for a route: `#/reports/<id>` on the served page. */
export function route(appUrl: string, hashPath: string): string {
  return new URL(`#${hashPath}`, appUrl).toString();
}

export async function setServerUrl(page: Page, url: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('SignalCraft server address').fill(url);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

/** Settings > server address, then sign in on the Sync screen as the field technician. */
export async function connectToServer(page: Page, url: string): Promise<void> {
  await setServerUrl(page, url);
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await signIn(page);
  await expect(page.getByText(`Signed in as ${FIELD_USER.name}`)).toBeVisible();
}

export async function signIn(page: Page, password = FIELD_USER.password): Promise<void> {
  await page.getByLabel('User name').fill(FIELD_USER.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Draws a signature with the mouse, as a customer would with a finger. */
export async function drawSignature(page: Page): Promise<void> {
  const pad = page.getByRole('img', { name: 'Signature pad' });
  const box = (await pad.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(0.1, 0.7));
  await page.mouse.down();
  for (const [fx, fy] of [
    [0.2, 0.2],
    [0.3, 0.75],
    [0.42, 0.3],
    [0.55, 0.7],
  ] as const) {
    await page.mouse.move(...at(fx, fy), { steps: 6 });
  }
  await page.mouse.up();
  await page.mouse.move(...at(0.6, 0.5));
  await page.mouse.down();
  await page.mouse.move(...at(0.9, 0.45), { steps: 8 });
  await page.mouse.up();
}

/** The first page of a PDF as a reader sees it: rendered by poppler, read back by tesseract. */
export function readRenderedPdf(file: string, language = 'eng'): string {
  const prefix = file.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  return execFileSync('tesseract', [`${prefix}.png`, '-', '-l', language], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
