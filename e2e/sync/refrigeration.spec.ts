import fs from 'node:fs';
import { type Page } from '@playwright/test';
import { connectToServer, pdfText, startFieldServer } from '../support/field-server';
import { addAsset, createSite } from '../support/register-flow';
import { expect, openApp, test } from '../support/serve-app';

/**
 * The refrigerant side of a visit, typed on the visit's page as a technician reads the gauges:
 * an R-410A air conditioner short of refrigerant and an R-744 unit running transcritical with a
 * warm gas cooler. Each is seen on the visit, in the PDF report and in the upload.
 */

type Reading = { label: string; value: string; unit?: string; reference?: 'gauge' | 'absolute' };

async function typeReadings(page: Page, readings: Reading[]): Promise<void> {
  const form = page.getByRole('form', { name: 'Refrigerant cycle' });
  for (const r of readings) {
    await form.getByLabel(r.label, { exact: true }).fill(r.value);
    if (r.unit) await form.getByLabel(`${r.label} · Unit`, { exact: true }).selectOption(r.unit);
    if (r.reference) await form.getByLabel(`${r.label} · gauge/absolute`, { exact: true }).selectOption(r.reference);
  }
  await form.getByRole('button', { name: 'Save readings' }).click();
}

async function visitFor(page: Page, asset: { name: string; kindLabel: string; refrigerant: string }): Promise<void> {
  await createSite(page, { name: `Site of ${asset.name}` });
  await addAsset(page, asset);
  await page.getByRole('button', { name: 'Start a visit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Visit: ${asset.name}` })).toBeVisible();
  await expect(page.getByText(`Refrigerant: ${asset.refrigerant}`)).toBeVisible();
}

async function pdfOfVisit(page: Page, file: string): Promise<string> {
  await page.getByRole('link', { name: 'Report and signature' }).click();
  await page.getByLabel('Report language').selectOption({ label: 'English' });
  await page.getByRole('button', { name: 'Make PDF report' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'PDF report made' })).toBeVisible({ timeout: 30_000 });
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).first().click();
  await (await downloading).saveAs(file);
  await page.getByRole('button', { name: 'Queue for upload' }).click();
  return pdfText(file);
}

test('cycle readings of an R-410A and an R-744 unit give superheat, subcooling and a system diagnosis on the visit, in the PDF and in the upload', async ({ page, app }, testInfo) => {
  test.setTimeout(240_000);
  const server = await startFieldServer();
  try {
    await openApp(page, app.url);
    await connectToServer(page, server.url);

    // ---- R-410A: first the hoses on the wrong ports, flagged at the field; then the real reading ----
    await visitFor(page, { name: 'Rooftop air conditioner', kindLabel: 'Air conditioner', refrigerant: 'R-410A' });
    await typeReadings(page, [
      { label: 'Suction pressure', value: '25' },
      { label: 'Discharge pressure', value: '8' },
    ]);
    const suctionField = page.locator('[data-quantity="suctionPressure"]');
    await expect(suctionField.getByRole('alert')).toContainText('is not below discharge');
    await expect(page.locator('[data-fault]')).toHaveCount(0);

    // Undercharged: evaporating about 0 °C (6.97 bar gauge), condensing about 36 °C (304 psi gauge).
    await typeReadings(page, [
      { label: 'Suction pressure', value: '6.97', unit: 'bar', reference: 'gauge' },
      { label: 'Discharge pressure', value: '304', unit: 'psi', reference: 'gauge' },
      { label: 'Suction line temperature', value: '20' },
      { label: 'Liquid line temperature', value: '35' },
      { label: 'Evaporator air in', value: '27' },
      { label: 'Condenser air in', value: '30' },
    ]);
    await expect(page.locator('[data-value="superheat"] dd')).toHaveText(/^20\.\d K$/);
    await expect(page.locator('[data-value="subcooling"] dd')).toHaveText(/^[0-2]\.\d K$/);
    await expect(page.locator('[data-fault="undercharge"]')).toContainText('Low refrigerant charge');
    await expect(page.locator('[data-fault="undercharge"]')).toContainText('Do not replace the compressor for this.');
    await expect(suctionField.getByRole('alert')).toHaveCount(0);

    const r410 = await pdfOfVisit(page, testInfo.outputPath('r410a.pdf'));
    expect(r410).toContain('Refrigerant cycle');
    expect(r410).toMatch(/Superheat: 20(\.\d)? K/);
    expect(r410).toMatch(/Subcooling: \d(\.\d)? K/);
    expect(r410).toContain('Low refrigerant charge');

    // ---- transcritical high side, no subcooling, the gas cooler judged ----
    await visitFor(page, { name: 'CO2 condensing unit', kindLabel: 'Condensing unit', refrigerant: 'R-744' });
    await typeReadings(page, [
      { label: 'Suction pressure', value: '27.01' },
      { label: 'Discharge pressure', value: '90' },
      { label: 'Suction line temperature', value: '-1' },
      { label: 'Liquid line temperature', value: '42' },
      { label: 'Evaporator air in', value: '0' },
      { label: 'Condenser air in', value: '31' },
    ]);
    await expect(page.getByText('High side above the critical point (transcritical)')).toBeVisible();
    await expect(page.locator('[data-value="superheat"] dd')).toHaveText(/^7\.\d K$|^6\.9 K$/);
    await expect(page.locator('[data-value="subcooling"] dd')).toHaveText('not applicable');
    await expect(page.locator('[data-fault="gas_cooler_heat_rejection"]')).toContainText('Gas cooler not rejecting heat well');

    const r744 = await pdfOfVisit(page, testInfo.outputPath('r744.pdf'));
    expect(r744).toContain('Subcooling: not applicable');
    expect(r744).toContain('Gas cooler approach (outlet minus air): 11 K');
    expect(r744).toContain('Gas cooler not rejecting heat well');

    // ---- both visits reach the server with their refrigerant side ----
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await page.getByLabel('Show uploaded').check();
    await expect(page.locator('[data-sync-item][data-state="done"]')).toHaveCount(2, { timeout: 90_000 });
    const uploaded = server.store.reportIds().map((id) => JSON.parse(server.store.report(id)!.metadata) as { asset: { refrigerant: string }; verdict: { computed: { conditionKey: string | null } }; refrigeration: { values: { superheat: { value: number } | null; subcooling: unknown; transcritical: boolean }; findings: { fault: string }[] } });
    // The visit verdict took the refrigerant side in (no recording was made on either visit).
    expect(uploaded.find((m) => m.asset.refrigerant === 'R-410A')!.verdict.computed.conditionKey).toBe('refrigerant_undercharge');
    const byRefrigerant = Object.fromEntries(uploaded.map((m) => [m.asset.refrigerant, m.refrigeration]));
    expect(byRefrigerant['R-410A']!.findings[0]!.fault).toBe('undercharge');
    expect(byRefrigerant['R-410A']!.values.superheat!.value).toBeGreaterThan(19);
    expect(byRefrigerant['R-744']!.values).toMatchObject({ transcritical: true, subcooling: null });
    expect(byRefrigerant['R-744']!.findings[0]!.fault).toBe('gas_cooler_heat_rejection');
  } finally {
    await server.cleanup();
  }
});

test('the equipment refuses an unknown refrigerant with the list; the visit keeps its refrigerant record and the site exports the year', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page, app.url);
  await createSite(page, { name: 'Cold store', customer: 'Happy Mart', address: '1 Teheran-ro' });
  await page.getByRole('link', { name: 'Add equipment' }).click();
  await page.getByLabel('Name').fill('Old chiller');
  await page.getByLabel('Refrigerant').fill('R-12');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Not a refrigerant this app knows. Choose one of: R-22, R-134a, R-404A')).toBeVisible();
  await page.getByLabel('Refrigerant').fill('r404a');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Old chiller' })).toBeVisible();
  await page.getByRole('button', { name: 'Start a visit' }).click();
  await expect(page.getByText('Refrigerant: R-404A')).toBeVisible();

  const record = page.getByRole('form', { name: 'Refrigerant record (냉매관리기록부)' });
  await record.getByLabel('Leak check', { exact: true }).selectOption({ label: 'Leak found and repaired' });
  await record.getByRole('checkbox', { name: 'Piping' }).check();
  await record.getByRole('checkbox', { name: 'Joints and fittings' }).check();
  await record.getByLabel('Method').selectOption({ label: 'Bubble solution' });
  await record.getByLabel('Refrigerant charged (kg)').fill('2.5');
  await record.getByLabel('Cylinder charged from').fill('CYL-42');
  await record.getByLabel('Cooling capacity').fill('90');
  await record.getByLabel('Unit', { exact: true }).selectOption('kW');
  await record.getByRole('button', { name: 'Save record' }).click();
  await expect(record.getByTestId('record-threshold')).toHaveText('23.31 RT: 20 RT or more — the owner must keep the refrigerant record and have leaks checked every year.');

  await page.getByRole('link', { name: 'Cold store' }).click();
  const yearly = page.getByRole('region', { name: 'Yearly refrigerant record' });
  await yearly.getByLabel('Year').fill(String(new Date().getFullYear()));
  const downloading = page.waitForEvent('download');
  await yearly.getByRole('button', { name: 'Export CSV' }).click();
  const file = testInfo.outputPath('record.csv');
  await (await downloading).saveAs(file);
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('냉매관리기록부');
  expect(csv).toContain('Old chiller,,,,R-404A,90 kW,23.31,예,누출 발견 후 수리,"배관, 이음부",비눗물(기포액),,2.5,CYL-42');
});
