import { recordFixed, showVisitDetails } from '../support/recording-flow';
import { addAsset, createSite } from '../support/register-flow';
import { connectOnSensorsPage, type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

/**
 * Issue 16: a sensor with pressure transducers on the service ports fills the visit's refrigerant
 * form. The simulated R-410A unit evaporates at 4 °C and condenses at 42 °C with 9 K of superheat
 * on the suction line, so what the technician sees after "take from sensor" is known.
 */
let sim: SimProcess | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

test('suction and discharge pressure taken from a sensor, in the field’s unit, give the unit’s superheat and subcooling', async ({ page, app }) => {
  test.setTimeout(120_000);
  sim = await startSimulatedSensor(['--refrigerant', 'R-410A', '--evaporating', '4', '--condensing', '42', '--superheat', '9']);
  const device = sim.deviceId;
  await openApp(page, app.url);
  await connectOnSensorsPage(page, device);
  // The live view shows the pressures as they arrive: R-410A saturates near 0.9 MPa at 4 °C and 2.6 MPa at 42 °C.
  await page.getByRole('row', { name: device }).getByRole('link', { name: 'Live view' }).click();
  await expect(page.locator('[data-value="suction"] dd')).toHaveText(/^9\d\d kPa$/, { timeout: 15_000 });
  await expect(page.locator('[data-value="discharge"] dd')).toHaveText(/^2,\d{3} kPa$/);
  await expect(page.locator('[data-chart="pressure"]')).toBeVisible({ timeout: 15_000 });

  await createSite(page, { name: 'Site of the rooftop unit' });
  await addAsset(page, { name: 'Rooftop unit', kindLabel: 'Air conditioner', refrigerant: 'R-410A' });
  await page.getByRole('button', { name: 'Start a visit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Visit: Rooftop unit' })).toBeVisible();
  await showVisitDetails(page);
  await recordFixed(page, { kind: 'sensor', deviceId: device }, 10);

  const form = page.getByRole('form', { name: 'Refrigerant cycle' });
  const field = (quantity: string) => form.locator(`[data-quantity="${quantity}"]`);
  // Suction in the form's bar, discharge after the technician switched the field to psi.
  await field('suctionPressure').getByRole('button', { name: new RegExp(`^Use \\d+\\.\\d+ bar absolute from ${device}`) }).click();
  await expect(form.getByLabel('Suction pressure', { exact: true })).toHaveValue(/^9\.\d+$/);
  await expect(form.getByLabel('Suction pressure · gauge/absolute', { exact: true })).toHaveValue('absolute');
  await expect(field('suctionPressure')).toContainText(`from ${device}, read`);
  await form.getByLabel('Discharge pressure · Unit', { exact: true }).selectOption('psi');
  await field('dischargePressure').getByRole('button', { name: new RegExp(`^Use \\d+(\\.\\d+)? psi absolute from ${device}`) }).click();
  await expect(form.getByLabel('Discharge pressure', { exact: true })).toHaveValue(/^3\d\d(\.\d+)?$/);
  await field('suctionLineTemp').getByRole('button', { name: new RegExp(`^Use 13 °C from ${device}`) }).click();
  // The liquid line has no probe: typed by hand, as before.
  await form.getByLabel('Liquid line temperature', { exact: true }).fill('37');
  await form.getByRole('button', { name: 'Save readings' }).click();

  await expect(page.locator('[data-value="superheat"] dd')).toHaveText(/^(8\.[89]|9\.[01]) K$/);
  await expect(page.locator('[data-value="subcooling"] dd')).toHaveText(/^(4\.[89]|5\.[01]) K$/);
});
