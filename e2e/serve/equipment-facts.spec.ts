import { addAsset, createSite } from '../support/register-flow';
import { expect, openApp, test } from '../support/serve-app';

test('a technician gives the motor and bearing facts of a machine, sees the estimated speed, and finds them after a reload', async ({ page, app }) => {
  await openApp(page, app.url);
  await createSite(page, { name: 'Facts Mart' });
  await addAsset(page, { name: 'Condenser fan motor', kindLabel: 'Condensing unit' });
  await page.getByRole('link', { name: 'Edit' }).click();

  await page.getByLabel('Motor drive').selectOption({ label: 'Direct on line (fixed speed)' });
  await page.getByLabel('Motor poles').selectOption({ label: '4 poles' });
  await page.getByLabel('Mains frequency').selectOption({ label: '60 Hz' });
  // No rated speed given: the form says what it will start from, as an estimate.
  await expect(page.getByText('About 1746 rpm, estimated from 4 poles on 60 Hz')).toBeVisible();

  // A bearing number the catalogue does not have is refused at its field, with the closest ones.
  await page.getByLabel('Bearing at the motor end').fill('6299-2RS');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Bearing at the motor end')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/This bearing number is not in the list\. Check the number on the bearing\. Closest: .*6209/)).toBeVisible();

  // As printed on the bearings: suffixes are fine.
  await page.getByLabel('Bearing at the motor end').fill('6205-2RS1/C3');
  await page.getByLabel('Bearing at the compressor or fan end').fill('6306ZZ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Condenser fan motor' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Motor and bearings' })).toBeVisible();
  await expect(page.getByText('Direct on line (fixed speed)')).toBeVisible();
  await expect(page.getByText('About 1746 rpm (estimated from poles and mains)')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^6205$/ })).toBeVisible();
  // 6306's inner sizes are not published: the page says they are estimated.
  await expect(page.getByText('6306 (sizes inside estimated)')).toBeVisible();

  // Back in the form, the stored facts are there; a rated speed replaces the estimate.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Bearing at the motor end')).toHaveValue('6205');
  await expect(page.getByLabel('Motor poles')).toHaveValue('4');
  await page.getByLabel('Rated speed (rpm)').fill('1755');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('1755 rpm (rated, from the motor’s plate)')).toBeVisible();
});
