import type { Page, WebSocket } from '@playwright/test';
import { connectOnSensorsPage, type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

let sims: SimProcess[] = [];
test.afterEach(async () => {
  for (const sim of sims) await sim.stop();
  sims = [];
});

/** Every `sensors.live` frame the page's WebSocket receives: which sensor, and how many bytes. */
function liveFrames(page: Page) {
  const frames: { deviceId: string; bytes: number; audio: boolean }[] = [];
  page.on('websocket', (ws: WebSocket) => {
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      if (!text.includes('"sensors.live"')) return;
      const message = JSON.parse(text) as { event: string; payload: { deviceId: string; audio: unknown } };
      if (message.event === 'sensors.live') frames.push({ deviceId: message.payload.deviceId, bytes: text.length, audio: message.payload.audio !== null });
    });
  });
  return frames;
}

test('a live page showing one sensor receives that sensor’s data only, while another sensor streams too', async ({ page, app }) => {
  test.setTimeout(120_000);
  sims = [await startSimulatedSensor(), await startSimulatedSensor()];
  const [shown, other] = sims as [SimProcess, SimProcess];
  const frames = liveFrames(page);
  await openApp(page, app.url);
  await connectOnSensorsPage(page, shown.deviceId);
  await connectOnSensorsPage(page, other.deviceId);

  // A second tab watches the other sensor, so the back end is streaming both.
  const otherTab = await page.context().newPage();
  const otherFrames = liveFrames(otherTab);
  await openApp(otherTab, app.url);
  await otherTab.goto(`${app.url}#/sensors/${encodeURIComponent(other.deviceId)}`);
  await expect(otherTab.getByRole('heading', { level: 1 })).toContainText(other.deviceId);

  await page.getByRole('row', { name: shown.deviceId }).getByRole('link', { name: 'Live view' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(shown.deviceId);
  await expect(page.locator('[data-value="current"] dd')).toHaveText(/^\d+\.\d\d A$/, { timeout: 15_000 });
  await expect.poll(() => frames.filter((f) => f.audio).length, { timeout: 20_000 }).toBeGreaterThan(30);
  await expect.poll(() => otherFrames.filter((f) => f.audio).length, { timeout: 20_000 }).toBeGreaterThan(30);

  expect(new Set(frames.map((f) => f.deviceId))).toEqual(new Set([shown.deviceId]));
  expect(new Set(otherFrames.map((f) => f.deviceId))).toEqual(new Set([other.deviceId]));

  // Leaving the live page ends its subscription: back on the list, no more frames come.
  await page.getByRole('link', { name: 'All sensors' }).click();
  await expect(page.getByRole('row', { name: shown.deviceId })).toBeVisible();
  const afterLeaving = frames.length;
  // The other tab keeps receiving meanwhile; by then this page would have had a dozen frames.
  const otherSoFar = otherFrames.length;
  await expect.poll(() => otherFrames.length, { timeout: 20_000 }).toBeGreaterThan(otherSoFar + 20);
  expect(frames.length).toBeLessThanOrEqual(afterLeaving + 2); // frames already in flight
  await otherTab.close();
});
