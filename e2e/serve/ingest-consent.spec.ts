import net from 'node:net';
import { pace } from '../../electron/node/testing/eventually';
import { expect, openApp, test } from '../support/serve-app';

/**
 * Issue 14, case 6: a sensor of the existing firmware posting to the laptop's HTTP ingest is not
 * registered by posting. It appears on the Sensors page as asking to send data; one click accepts
 * it, and its readings are used from then on.
 */
let device: { stop(): Promise<void>; statuses: number[] } | null = null;
test.afterEach(async () => {
  await device?.stop();
  device = null;
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The existing firmware: a JSON reading every second (here every half second), until stopped; at most two minutes. */
function legacySensor(url: string, deviceId: string) {
  const statuses: number[] = [];
  let stopped = false;
  let sent = 0;
  const loop = (async () => {
    while (!stopped && sent < 240) {
      sent += 1;
      const body = { device_id: deviceId, timestamp: Date.now() / 1000, temperature: 4.2, current: 3.1, vibration: null, power_consumption: null, audio_level: null };
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
      if (response) {
        statuses.push(response.status);
        await response.body?.cancel();
      }
      await pace(500); // the device’s own rhythm: a reading every 500 ms
    }
  })();
  return {
    statuses,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

test('a sensor posting to the ingest waits as pending on the Sensors page and is accepted by a click', async ({ page, app }) => {
  await openApp(page, app.url);
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sensors' })).toBeVisible();

  // The ingest on a port of its own (two test workers: the default port is shared).
  const port = await freePort();
  const ingest = page.getByRole('region', { name: 'Existing sensors posting over HTTP' });
  await ingest.getByLabel('Port').fill(String(port));
  await ingest.getByRole('button', { name: 'Apply' }).click();
  const url = `http://127.0.0.1:${port}/api/iot/sensors/data`;
  await expect(ingest.getByText(url)).toBeVisible();

  const deviceId = 'esp32-walk-in-2';
  device = legacySensor(url, deviceId);

  // Asking, not registered: nothing in the sensors list, its data answered 202 and not kept.
  const pendingPanel = page.getByRole('region', { name: 'Sensors asking to send data' });
  const asking = pendingPanel.getByRole('row', { name: deviceId });
  await expect(asking).toBeVisible({ timeout: 15_000 });
  await expect(asking).toContainText('127.0.0.1');
  await expect(asking).toContainText('readings');
  await expect(page.locator(`tr[data-sensor="${deviceId}"]`)).toHaveCount(0);
  expect(device.statuses.length).toBeGreaterThan(0);
  expect(new Set(device.statuses)).toEqual(new Set([202]));

  await asking.getByRole('button', { name: 'Accept' }).click();
  await expect(pendingPanel).toBeHidden();
  const sensor = page.locator(`tr[data-sensor="${deviceId}"]`);
  await expect(sensor).toContainText('Posting to this laptop');
  await expect(sensor.locator('[data-state]')).toHaveText(/Connected/, { timeout: 15_000 });
  await expect.poll(() => device!.statuses.at(-1)).toBe(200);

  // Its readings are live like any sensor's.
  await sensor.getByRole('link', { name: 'Live view' }).click();
  await expect(page.locator('[data-value="temperature"] dd')).toHaveText('4.2 °C', { timeout: 15_000 });
  await expect(page.locator('[data-value="current"] dd')).toHaveText('3.10 A');
});

test('a port another program holds is said in words, and another port can be applied', async ({ page, app }) => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const taken = (holder.address() as net.AddressInfo).port;
  try {
    await openApp(page, app.url);
    await page.getByRole('link', { name: 'Sensors', exact: true }).click();
    const ingest = page.getByRole('region', { name: 'Existing sensors posting over HTTP' });
    await ingest.getByLabel('Port').fill(String(taken));
    await ingest.getByRole('button', { name: 'Apply' }).click();
    await expect(ingest.getByRole('alert')).toContainText(`Port ${taken} is already used by another program. Enter another port and apply.`);
    await expect(ingest.locator('[data-ingest]')).toHaveAttribute('data-ingest', 'off');

    const port = await freePort();
    await ingest.getByLabel('Port').fill(String(port));
    await ingest.getByRole('button', { name: 'Apply' }).click();
    await expect(ingest.getByText(`http://127.0.0.1:${port}/api/iot/sensors/data`)).toBeVisible();
    await expect(ingest.getByRole('alert')).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
});
