import type { Page } from '@playwright/test';
import { type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

let sim: SimProcess | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

test('a technician without hardware runs the simulated sensor, connects to it, watches it live, and sees a pulled cable come back', async ({
  page,
  app,
}) => {
  sim = await startSimulatedSensor();
  await openApp(page, app.url);
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sensors' })).toBeVisible();

  // Found on mDNS, as any Wi-Fi sensor on the network would be.
  const row = page.getByRole('row', { name: sim.deviceId });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText('Found on the network');
  await expect(row.locator('[data-state]')).toHaveText(/Found/);

  await row.getByRole('button', { name: 'Connect' }).click();
  await expect(row.locator('[data-state]')).toHaveText(/Connected/, { timeout: 15_000 });
  await row.getByRole('link', { name: 'Live view' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(sim.deviceId);

  // Live values arrive: a temperature, a current, a sound level.
  await expect(page.locator('[data-value="temperature"] dd')).toHaveText(/^\d+(\.\d)? °C$/, { timeout: 15_000 });
  await expect(page.locator('[data-value="current"] dd')).toHaveText(/^\d+\.\d\d A$/);
  // The waveform and the spectrogram are drawn from the back end's decimated frames.
  await expect.poll(() => inkedPixels(page, '.live-waveform'), { timeout: 15_000 }).toBeGreaterThan(500);
  await expect.poll(() => inkedPixels(page, '.live-spectrogram'), { timeout: 15_000 }).toBeGreaterThan(500);
  // Readings charts (recharts) show a line.
  await expect(page.locator('[data-chart="temperature"] .recharts-line-curve')).toBeVisible({ timeout: 15_000 });

  // Health counters move; nothing lost on a clean link.
  const frames = page.locator('[data-health="frames"]');
  await expect.poll(async () => Number((await frames.textContent())?.replace(/\D/g, '')), { timeout: 15_000 }).toBeGreaterThan(100);
  await expect(page.locator('[data-health="framesLost"]')).toHaveText('0');
  await expect(page.locator('[data-health="crc"]')).toHaveText('0');
  await expect(page.getByText('No data lost.')).toBeVisible();

  // Pull the virtual cable for two seconds: the page shows the lost link, then the reconnect and the gap.
  sim.command('disconnect 2000');
  await expect(page.getByRole('heading', { level: 1 }).locator('[data-state]')).toHaveText(/reconnecting/, { timeout: 10_000 });
  await expect(page.getByRole('heading', { level: 1 }).locator('[data-state]')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect(page.locator('[data-health="reconnects"]')).toHaveText('1', { timeout: 10_000 });
  await expect(page.locator('[data-gap="disconnect"]').first()).toContainText('disconnected', { timeout: 10_000 });
  await expect.poll(async () => Number((await page.locator('[data-health="framesLost"]').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);

  // Back on the list, the health line tells the same story.
  await page.getByRole('link', { name: 'All sensors' }).click();
  await expect(page.getByRole('row', { name: sim.deviceId })).toContainText('reconnects 1');
  await page.getByRole('row', { name: sim.deviceId }).getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('row', { name: sim.deviceId }).locator('[data-state]')).toHaveText(/Disconnected/);
});

test('the sensors page is in Korean too, and adding a sensor by a bad address says what is wrong', async ({ page, app }) => {
  await openApp(page, app.url);
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  await page.getByLabel('Host or IP address').fill('http://nope');
  await page.getByLabel('Port').first().fill('99999');
  await page.getByRole('button', { name: 'Add and connect' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a host name or an IP address, without http:// or a path.' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a port number from 1 to 65535.' })).toBeVisible();

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Language').selectOption({ label: '한국어' });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: '센서', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '센서' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '주소로 센서 추가' })).toBeVisible();
});

/** Pixels of a canvas that are not background: proof something was drawn. */
async function inkedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked += 1;
    return inked;
  });
}
