import { fakeQrCamera } from '../support/fake-camera';
import { addAsset, createSite } from '../support/register-flow';
import { expect, openApp, test } from '../support/serve-app';

const TAG = 'CAM-QR-0042';
test.use(fakeQrCamera(TAG));

/**
 * The technician points the tablet's camera at the equipment's QR tag: the app reads it, offers a
 * new visit (none is open), and the next scan of the same tag opens that visit instead of a second.
 */
test('scanning a QR tag with the camera offers a visit, and scanning it again opens the same visit', async ({ page, app }) => {
  await openApp(page, app.url);
  await createSite(page, { name: 'Camera test site' });
  await addAsset(page, { name: 'Rooftop condensing unit', kindLabel: 'Compressor', tag: TAG });

  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await page.getByRole('button', { name: 'Scan with camera' }).click();
  const offer = page.getByRole('region', { name: 'Start a visit' });
  await expect(offer).toContainText('Rooftop condensing unit has no visit in progress.', { timeout: 20_000 });
  await expect(page.getByRole('textbox', { name: 'Equipment tag' })).toHaveValue(TAG);
  await offer.getByRole('button', { name: 'Start a new visit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Visit: Rooftop condensing unit' })).toBeVisible();
  const visitUrl = page.url();

  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await page.getByRole('button', { name: 'Scan with camera' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Visit: Rooftop condensing unit' })).toBeVisible({ timeout: 20_000 });
  expect(page.url()).toBe(visitUrl);
  // One visit in progress, not two.
  await page.getByRole('link', { name: 'Open visits', exact: true }).click();
  await expect(page.locator('[data-open-visit]')).toHaveCount(1);
});
