import { playShown, recordFixed, showVisitDetails, startVisit } from '../support/recording-flow';
import { connectOnSensorsPage, type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

let sim: SimProcess | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

test('a technician connects the simulated sensor, records 10 s from it, plays it back and sees the link held', async ({ page, app }) => {
  sim = await startSimulatedSensor(['--condition', 'bearing-wear']);
  await openApp(page, app.url);
  await connectOnSensorsPage(page, sim.deviceId);

  await startVisit(page, 'Rooftop condensing unit 2');
  await showVisitDetails(page);
  await recordFixed(page, { kind: 'sensor', deviceId: sim.deviceId }, 10);

  // Every stream of the sensor, for exactly the length asked on the sensor's clock.
  const recordings = page.getByRole('region', { name: 'Recordings', exact: true });
  const sound = recordings.getByRole('row', { name: /Sound/ });
  await expect(sound).toContainText('10.0 s');
  await expect(sound).toContainText('Complete');
  await expect(recordings.getByRole('row', { name: /Vibration/ })).toContainText('10.0 s');
  await expect(recordings.getByRole('row', { name: /Readings/ })).toBeVisible();
  const health = page.getByRole('table', { name: 'Sensor link health' });
  await expect(health.getByRole('row', { name: sim.deviceId })).toContainText('✔ 0');

  await sound.getByRole('button', { name: 'Show' }).click();
  const played = await playShown(page);
  expect(played.duration).toBeGreaterThan(9.9);
  expect(played.duration).toBeLessThan(10.1);
  expect(played.played).toBeGreaterThan(0.5);
});
