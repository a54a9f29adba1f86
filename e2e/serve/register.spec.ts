import { addAsset, createSite, openByTag } from '../support/register-flow';
import { expect, openApp, test } from '../support/serve-app';

test('a technician registers a site and its equipment, finds it again by tag after a reload, and switches to Korean', async ({
  page,
  app,
}) => {
  await openApp(page, app.url);
  // Home first: the day's work; the register is one link away.
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sites' })).toBeVisible();

  await createSite(page, { name: 'Happy Mart Gangnam', customer: 'Happy Mart', address: '1 Teheran-ro, Gangnam-gu, Seoul' });
  await addAsset(page, {
    name: 'Showcase compressor 1',
    kindLabel: 'Compressor',
    tag: 'QR-E2E-0001',
    maker: 'Copeland',
    refrigerant: 'R-404A',
  });

  // Survives a reload: it is in the database, not in the page.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Showcase compressor 1' })).toBeVisible();

  // From anywhere, typing the tag (in another case, as scanners do) opens the asset.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await openByTag(page, 'qr-e2e-0001');
  await expect(page.getByRole('heading', { level: 1, name: 'Showcase compressor 1' })).toBeVisible();
  await expect(page.getByText('R-404A')).toBeVisible();

  // The site list finds the site by the tag of its equipment and shows its customer.
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await page.getByLabel('Search sites by name, address, customer or asset tag').fill('QR-E2E');
  const row = page.getByRole('row', { name: /Happy Mart Gangnam/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Happy Mart');
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');

  // Switch the language in Settings; it sticks across a reload.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Language').selectOption({ label: '한국어' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '설정' })).toBeVisible();
  await expect(page.getByRole('link', { name: '현장', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: '설비', exact: true })).toBeVisible();
  await page.getByRole('link', { name: '현장', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: '최근 점검' })).toBeVisible();
});

test('unknown tags, blank names and duplicate tags are explained at the right place', async ({ page, app }) => {
  await openApp(page, app.url);
  await openByTag(page, 'NO-SUCH-TAG');
  await expect(page.getByRole('alert')).toHaveText('No equipment carries the tag “NO-SUCH-TAG”.');

  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await page.getByRole('link', { name: 'New site' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Site name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('This is required.')).toBeVisible();

  await createSite(page, { name: 'Tag clash shop' });
  await addAsset(page, { name: 'First unit', tag: 'DUP-1' });
  await page.getByRole('link', { name: 'Tag clash shop' }).click();
  await page.getByRole('link', { name: 'Add equipment' }).click();
  await page.getByLabel('Name').fill('Second unit');
  await page.getByLabel('Asset tag (QR / barcode)').fill('dup-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('This tag is already on another piece of equipment.')).toBeVisible();
  await expect(page.getByLabel('Asset tag (QR / barcode)')).toHaveAttribute('aria-invalid', 'true');
});

test('archived sites leave the list and come back on request', async ({ page, app }) => {
  await openApp(page, app.url);
  await createSite(page, { name: 'Closed branch' });
  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('Archived', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await expect(page.getByText('No sites yet.', { exact: false })).toBeVisible();
  await page.getByLabel('Show archived').check();
  await expect(page.getByRole('link', { name: 'Closed branch' })).toBeVisible();
});

test.describe('in a Korean browser', () => {
  test.use({ locale: 'ko-KR' });

  test('the app starts in Korean', async ({ page, app }) => {
    await openApp(page, app.url);
    await expect(page.getByRole('heading', { level: 1, name: '오늘 할 일' })).toBeVisible();
    await page.getByRole('link', { name: '현장', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '현장' })).toBeVisible();
    await expect(page.getByRole('link', { name: '새 현장' })).toBeVisible();
    });
});

test('About shows versions, the data folder and every native module loading', async ({ page, app }) => {
  await openApp(page, app.url);
  await page.getByRole('link', { name: 'About', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'About and health' })).toBeVisible();
  for (const id of ['native.better-sqlite3', 'native.serialport', 'native.onnxruntime-node', 'database']) {
    await expect(page.locator(`tr[data-check="${id}"]`)).toContainText('OK');
  }
  await expect(page.getByText(app.dataDir, { exact: true })).toBeVisible();
});

test('the UI says when the back end is gone and recovers by itself when it returns', async ({ page, app, pageErrors }) => {
  await openApp(page, app.url);
  await createSite(page, { name: 'Before restart' });
  await app.stop();
  const banner = page.getByRole('status').filter({ hasText: 'Reconnecting' });
  await expect(banner).toBeVisible();
  await app.start();
  // Once it is back, the banner goes and calls work again without a reload.
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Before restart' })).toBeVisible();
  await createSite(page, { name: 'After restart' });
  // Chromium logs each refused reconnection attempt while the server was down, and a reset for an
  // attempt the stopping server accepted and then dropped: expected here, any other error still
  // fails the test.
  const unexpected = pageErrors.filter((e) => !/ERR_CONNECTION_(REFUSED|RESET)/.test(e));
  pageErrors.splice(0, pageErrors.length, ...unexpected);
});
