import crypto from 'node:crypto';
import fs from 'node:fs';
import { FIELD_USER, route, seedVisit, setServerUrl, signIn, startFieldServer } from '../support/field-server';
import { expect, openApp, test } from '../support/serve-app';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('a technician signs in, sees uploads wait through server trouble in plain words, retries, and signs in again when the session expires', async ({
  page,
  app,
}) => {
  const server = await startFieldServer();
  try {
    await openApp(page, app.url);
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sync with the SignalCraft server' })).toBeVisible();
    await expect(page.getByText('No server address yet.', { exact: false })).toBeVisible();

    await setServerUrl(page, server.url);
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await expect(page.locator('[data-sync-state="signed_out"]')).toHaveText('Not signed in');
    // Serve mode keeps the sign-in in a user-only file, and says so.
    await expect(page.getByText('not encrypted', { exact: false })).toBeVisible();

    await signIn(page, 'wrong password');
    await expect(page.getByRole('alert')).toHaveText(/did not accept this user name and password/);
    await signIn(page);
    await expect(page.getByText(`Signed in as ${FIELD_USER.name}`)).toBeVisible();
    await expect(page.locator('[data-sync-state="idle"]')).toBeVisible();

    // A finished visit is queued while the server answers "maintenance".
    const visit = seedVisit(app.dataDir, { assetName: 'Walk-in freezer compressor', siteName: 'Busan Cold Store', audioSeconds: 4 });
    server.faults.add({ kind: 'status503', times: 2, retryAfterS: 30, path: '/api/field/v1/reports' });
    await page.goto(route(app.url, `/reports/${visit.sessionId}`));
    await page.getByRole('button', { name: 'Queue for upload' }).click();
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    const row = page.getByRole('row', { name: /Walk-in freezer compressor/ });
    await expect(row).toContainText('Will retry');
    await expect(row).toContainText('The server is busy or in maintenance.');
    await expect(row).toContainText(/Next try/);
    // Retry-After said 30 s; the technician does not wait.
    await row.getByRole('button', { name: 'Retry now' }).click();
    await expect(row).toContainText('Will retry');
    await row.getByRole('button', { name: 'Retry now' }).click();
    await page.getByLabel('Show uploaded').check();
    await expect(row).toContainText('On the server', { timeout: 20_000 });
    await expect(page.getByText('Last successful sync').locator('..')).not.toContainText('Never');

    const status = server.reportStatus(visit.sessionId)!;
    expect(status.complete).toBe(true);
    expect(status.recordings[0]!.sha256).toBe(sha(visit.files[0]!.path));

    // The sign-in expires on the server: the queue pauses and asks for a new sign-in.
    server.store.expireAllSessions();
    const second = seedVisit(app.dataDir, { assetId: visit.assetId, audioSeconds: 2, startedAt: '2026-03-03T02:00:00.000Z' });
    await page.goto(route(app.url, `/reports/${second.sessionId}`));
    await page.getByRole('button', { name: 'Queue for upload' }).click();
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await expect(page.locator('[data-sync-state="expired"]')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'Sign in again' })).toBeVisible();
    await expect(page.locator(`[data-sync-item]`).filter({ hasText: 'The sign-in expired' })).toBeVisible();
    await signIn(page);
    await page.getByLabel('Show uploaded').check();
    await expect(page.locator('[data-sync-item][data-state="done"]')).toHaveCount(2, { timeout: 20_000 });
    expect(server.reportStatus(second.sessionId)?.complete).toBe(true);
  } finally {
    await server.cleanup();
  }
});

test.describe('in Korean', () => {
  test.use({ locale: 'ko-KR' });

  test('the sync screen speaks Korean, problems included', async ({ page, app }) => {
    const server = await startFieldServer();
    try {
      await openApp(page, app.url);
      await page.getByRole('link', { name: '설정', exact: true }).click();
      await page.getByLabel('SignalCraft 서버 주소').fill(server.url);
      await page.getByRole('button', { name: '저장' }).click();
      await page.getByRole('link', { name: '동기화', exact: true }).click();
      await expect(page.locator('[data-sync-state="signed_out"]')).toHaveText('로그인 안 됨');
      await page.getByLabel('사용자 이름').fill(FIELD_USER.username);
      await page.getByLabel('비밀번호').fill(FIELD_USER.password);
      await page.getByRole('button', { name: '로그인', exact: true }).click();
      await expect(page.getByText('김기사(으)로 로그인됨')).toBeVisible();

      const visit = seedVisit(app.dataDir, { audioSeconds: 2 });
      await server.stop();
      await page.goto(route(app.url, `/reports/${visit.sessionId}`));
      await page.getByRole('button', { name: '업로드 대기열에 추가' }).click();
      await page.getByRole('link', { name: '동기화', exact: true }).click();
      await expect(page.locator('[data-sync-item]')).toContainText('서버에 연결할 수 없습니다', { timeout: 15_000 });
      await expect(page.locator('[data-sync-state="offline"]')).toBeVisible();
    } finally {
      await server.cleanup();
    }
  });
});
