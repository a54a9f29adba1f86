import { expect, type Page } from '@playwright/test';

/** Steps a technician takes in the asset register, shared by the browser and Electron suites. */

export async function createSite(page: Page, site: { name: string; customer?: string; address?: string }): Promise<void> {
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await page.getByRole('link', { name: 'New site' }).click();
  await page.getByLabel('Site name').fill(site.name);
  if (site.customer) await page.getByLabel('Customer').fill(site.customer);
  if (site.address) await page.getByLabel('Address').fill(site.address);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: site.name })).toBeVisible();
}

/** From a site's page: adds equipment and lands on its page. */
export async function addAsset(
  page: Page,
  asset: { name: string; kindLabel?: string; tag?: string; refrigerant?: string; maker?: string },
): Promise<void> {
  await page.getByRole('link', { name: 'Add equipment' }).click();
  await page.getByLabel('Name').fill(asset.name);
  if (asset.kindLabel) await page.getByLabel('Type').selectOption({ label: asset.kindLabel });
  if (asset.tag) await page.getByLabel('Asset tag (QR / barcode)').fill(asset.tag);
  if (asset.maker) await page.getByLabel('Maker').fill(asset.maker);
  if (asset.refrigerant) await page.getByLabel('Refrigerant').fill(asset.refrigerant);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: asset.name })).toBeVisible();
}

/** Types (or "scans") a tag into the header's quick-open field. */
export async function openByTag(page: Page, tag: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Asset tag' }).fill(tag);
  await page.getByRole('textbox', { name: 'Asset tag' }).press('Enter');
}
